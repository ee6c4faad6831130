import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { OrganizationParams } from './identity.params';
import { USERNAME_PATTERN } from './identity-patterns';
import { PasswordField } from './password.field';
import { ORG_ROLES, Role, type OrgRole } from './role.enum';

/** Body of POST /api/v1/orgs/{orgId}/users (org admins): a user of that organization. */
export class CreateUserDto {
  @ApiProperty({ description: 'Unique login name: lowercase letters, digits, ".", "_" or "-"', example: 'jdoe', pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 1 to 64 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit' })
  username!: string;

  @ApiPropertyOptional({ description: 'Unique email address (can be used to log in)', example: 'jdoe@acme.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Name shown to people (default: the username)', example: 'Jane Doe', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ description: 'Role in the organization (default member)', enum: ORG_ROLES, example: Role.Member })
  @IsOptional()
  @IsIn(ORG_ROLES)
  role?: OrgRole;

  @PasswordField('Password for logging in; without one the user cannot log in', 'correct horse battery staple')
  password?: string;
}

/** The `auth.user.create` request: the organization comes from the path, never from the body. */
export class CreateUserRequest extends IntersectionType(OrganizationParams, CreateUserDto) {}
