import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { TeamParams } from './identity.params';

/** Body of PATCH /api/v1/orgs/{orgId}/teams/{teamId}: the fields to change (the name is permanent). */
export class UpdateTeamDto {
  @ApiPropertyOptional({ description: 'Name shown to people', example: 'Data Science & ML', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}

/** The `auth.team.update` request. */
export class UpdateTeamRequest extends IntersectionType(TeamParams, UpdateTeamDto) {}
