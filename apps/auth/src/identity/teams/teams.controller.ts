import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateTeamRequest, IDENTITY_SUBJECTS, OrganizationParams, TeamMemberParams, TeamParams, UpdateTeamRequest, type TeamDto, type UserDto } from '@flotilla/contracts';
import { createValidationPipe, currentIdentity } from '@flotilla/common';
import { TeamsService } from './teams.service';

/** NATS handlers of `auth.team.*` and `auth.team-member.*`. */
@Controller()
@UsePipes(createValidationPipe())
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @MessagePattern(IDENTITY_SUBJECTS.teamCreate)
  create(@Payload() request: CreateTeamRequest): Promise<TeamDto> {
    return this.teams.create(currentIdentity(), request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.teamList)
  list(@Payload() params: OrganizationParams): Promise<TeamDto[]> {
    return this.teams.list(currentIdentity(), params.orgId);
  }

  @MessagePattern(IDENTITY_SUBJECTS.teamGet)
  get(@Payload() params: TeamParams): Promise<TeamDto> {
    return this.teams.get(currentIdentity(), params);
  }

  @MessagePattern(IDENTITY_SUBJECTS.teamUpdate)
  update(@Payload() request: UpdateTeamRequest): Promise<TeamDto> {
    return this.teams.update(currentIdentity(), request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.teamDelete)
  async delete(@Payload() params: TeamParams): Promise<{ deleted: true }> {
    await this.teams.delete(currentIdentity(), params);
    return { deleted: true };
  }

  @MessagePattern(IDENTITY_SUBJECTS.teamMemberList)
  members(@Payload() params: TeamParams): Promise<UserDto[]> {
    return this.teams.members(currentIdentity(), params);
  }

  @MessagePattern(IDENTITY_SUBJECTS.teamMemberAdd)
  addMember(@Payload() params: TeamMemberParams): Promise<UserDto[]> {
    return this.teams.addMember(currentIdentity(), params);
  }

  @MessagePattern(IDENTITY_SUBJECTS.teamMemberRemove)
  async removeMember(@Payload() params: TeamMemberParams): Promise<{ removed: true }> {
    await this.teams.removeMember(currentIdentity(), params);
    return { removed: true };
  }
}
