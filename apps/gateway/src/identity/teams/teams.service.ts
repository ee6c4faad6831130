import { Injectable } from '@nestjs/common';
import {
  IDENTITY_SUBJECTS as S,
  type AddTeamMemberDto,
  type CreateTeamDto,
  type OrganizationParams,
  type TeamDto,
  type TeamMemberParams,
  type TeamParams,
  type UpdateTeamDto,
  type UserDto,
} from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';

/** Teams of an organization and their members, answered by the auth service. */
@Injectable()
export class TeamsService {
  constructor(private readonly nats: NatsRequester) {}

  create(params: OrganizationParams, body: CreateTeamDto): Promise<TeamDto> {
    return this.nats.request<TeamDto>(S.teamCreate, { ...body, ...params });
  }

  list(params: OrganizationParams): Promise<TeamDto[]> {
    return this.nats.request<TeamDto[]>(S.teamList, params);
  }

  get(params: TeamParams): Promise<TeamDto> {
    return this.nats.request<TeamDto>(S.teamGet, params);
  }

  update(params: TeamParams, body: UpdateTeamDto): Promise<TeamDto> {
    return this.nats.request<TeamDto>(S.teamUpdate, { ...body, ...params });
  }

  async delete(params: TeamParams): Promise<void> {
    await this.nats.request(S.teamDelete, params);
  }

  members(params: TeamParams): Promise<UserDto[]> {
    return this.nats.request<UserDto[]>(S.teamMemberList, params);
  }

  addMember(params: TeamParams, body: AddTeamMemberDto): Promise<UserDto[]> {
    const member: TeamMemberParams = { ...params, userId: body.userId };
    return this.nats.request<UserDto[]>(S.teamMemberAdd, member);
  }

  async removeMember(params: TeamMemberParams): Promise<void> {
    await this.nats.request(S.teamMemberRemove, params);
  }
}
