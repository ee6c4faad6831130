import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { UserParams } from './identity.params';
import { ORG_ROLES, Role, type OrgRole } from './role.enum';

/** Body of PATCH /api/v1/orgs/{orgId}/users/{userId}/role (org admins). */
export class SetUserRoleDto {
  @ApiProperty({ description: 'New role in the organization', enum: ORG_ROLES, example: Role.Viewer })
  @IsIn(ORG_ROLES)
  role!: OrgRole;
}

/** The `auth.user.set-role` request. */
export class SetUserRoleRequest extends IntersectionType(UserParams, SetUserRoleDto) {}
