import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { UserParams } from './identity.params';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './identity-patterns';

/** Body of PATCH /api/v1/orgs/{orgId}/users/{userId} (org admins): the fields to change. */
export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'Unique email address', example: 'jane.doe@acme.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Name shown to people', example: 'Jane Q. Doe', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({
    description: `New password (${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters)`,
    example: 'another long passphrase',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    format: 'password',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password?: string;
}

/** The `auth.user.update` request. */
export class UpdateUserRequest extends IntersectionType(UserParams, UpdateUserDto) {}
