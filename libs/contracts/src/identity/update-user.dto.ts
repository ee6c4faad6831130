import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { UserParams } from './identity.params';
import { PasswordField } from './password.field';

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

  @PasswordField('New password', 'another long passphrase')
  password?: string;
}

/** The `auth.user.update` request. */
export class UpdateUserRequest extends IntersectionType(UserParams, UpdateUserDto) {}
