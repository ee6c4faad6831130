import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Body of POST /api/v1/orgs/{orgId}/teams/{teamId}/members: a user of the same organization. */
export class AddTeamMemberDto {
  @ApiProperty({ description: 'User to add (a user of the same organization)', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  @IsUUID()
  userId!: string;
}
