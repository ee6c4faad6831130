import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CreateTeamRequest, IdentityDto, TeamDto, TeamMemberParams, TeamParams, UpdateTeamRequest, UserDto } from '@flotilla/contracts';
import { notFound } from '@flotilla/common';
import { IdentityException } from '../identity.exception';
import { IdentityMapper } from '../shared/identity.mapper';
import { OrgScope } from '../shared/org-scope';
import { UsersRepository } from '../users/users.repository';
import { TeamsRepository } from './teams.repository';
import type { TeamEntity } from './team.entity';

/** Teams of an organization and their members: everyone in it may look, its org admins manage them. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly scope: OrgScope,
  ) {}

  async create(identity: IdentityDto, request: CreateTeamRequest): Promise<TeamDto> {
    await this.scope.administered(identity, request.orgId);
    const team = await this.teams.insert({ id: randomUUID(), orgId: request.orgId, name: request.name, displayName: request.displayName ?? request.name });
    if (!team) throw IdentityException.conflict(`team ${request.name} already exists in this organization`, { name: request.name });
    return IdentityMapper.team(team);
  }

  async list(identity: IdentityDto, orgId: string): Promise<TeamDto[]> {
    await this.scope.visible(identity, orgId);
    return (await this.teams.list(orgId)).map(IdentityMapper.team);
  }

  async get(identity: IdentityDto, params: TeamParams): Promise<TeamDto> {
    await this.scope.visible(identity, params.orgId);
    return IdentityMapper.team(await this.existing(params));
  }

  async update(identity: IdentityDto, request: UpdateTeamRequest): Promise<TeamDto> {
    await this.scope.administered(identity, request.orgId);
    await this.existing(request);
    const changes = request.displayName === undefined ? {} : { displayName: request.displayName };
    const team = await this.teams.update(request.orgId, request.teamId, changes);
    return IdentityMapper.team(team ?? (await this.existing(request)));
  }

  async delete(identity: IdentityDto, params: TeamParams): Promise<void> {
    await this.scope.administered(identity, params.orgId);
    if (!(await this.teams.delete(params.orgId, params.teamId))) throw notFound('team', params.teamId);
  }

  async members(identity: IdentityDto, params: TeamParams): Promise<UserDto[]> {
    await this.scope.visible(identity, params.orgId);
    await this.existing(params);
    const ids = await this.teams.memberIds(params.orgId, params.teamId);
    const users = await Promise.all(ids.map((id) => this.users.getInOrg(params.orgId, id)));
    return users.filter((user) => user !== null).map(IdentityMapper.user);
  }

  /** Adds a user of the same organization to the team (idempotent); answers the members. */
  async addMember(identity: IdentityDto, params: TeamMemberParams): Promise<UserDto[]> {
    await this.scope.administered(identity, params.orgId);
    await this.existing(params);
    if (!(await this.users.getInOrg(params.orgId, params.userId))) throw notFound('user', params.userId);
    await this.teams.addMember({ orgId: params.orgId, teamId: params.teamId, userId: params.userId });
    return this.members(identity, params);
  }

  async removeMember(identity: IdentityDto, params: TeamMemberParams): Promise<void> {
    await this.scope.administered(identity, params.orgId);
    await this.existing(params);
    if (!(await this.teams.removeMember(params.orgId, params.teamId, params.userId))) throw notFound('team member', params.userId);
  }

  private async existing(params: TeamParams): Promise<TeamEntity> {
    const team = await this.teams.get(params.orgId, params.teamId);
    if (!team) throw notFound('team', params.teamId);
    return team;
  }
}
