import { Injectable } from '@nestjs/common';
import { IdentityTransactions } from '../shared/identity.transactions';
import { TeamMemberEntity } from './team-member.entity';
import { TeamEntity } from './team.entity';

/** Teams and team membership in the auth schema; every lookup is scoped by organization. */
@Injectable()
export class TeamsRepository {
  constructor(private readonly db: IdentityTransactions) {}

  /** Inserts unless the name is taken in the organization (then null). */
  async insert(team: Pick<TeamEntity, 'id' | 'orgId' | 'name' | 'displayName'>): Promise<TeamEntity | null> {
    const result = await this.db.manager.createQueryBuilder().insert().into(TeamEntity).values(team).orIgnore().returning('id').execute();
    return result.raw.length ? this.get(team.orgId, team.id) : null;
  }

  list(orgId: string): Promise<TeamEntity[]> {
    return this.db.manager.find(TeamEntity, { where: { orgId }, order: { name: 'ASC' } });
  }

  /** The team when it belongs to `orgId`, else null. */
  get(orgId: string, id: string): Promise<TeamEntity | null> {
    return this.db.manager.findOneBy(TeamEntity, { id, orgId });
  }

  async update(orgId: string, id: string, changes: Partial<Pick<TeamEntity, 'displayName'>>): Promise<TeamEntity | null> {
    if (Object.keys(changes).length > 0) await this.db.manager.update(TeamEntity, { id, orgId }, changes);
    return this.get(orgId, id);
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const result = await this.db.manager.delete(TeamEntity, { id, orgId });
    return (result.affected ?? 0) > 0;
  }

  /** Ids of the members of a team. */
  async memberIds(orgId: string, teamId: string): Promise<string[]> {
    const members = await this.db.manager.find(TeamMemberEntity, { where: { orgId, teamId }, order: { createdAt: 'ASC' } });
    return members.map((member) => member.userId);
  }

  /** Adds a member (idempotent). The composite foreign keys refuse a user of another organization. */
  async addMember(member: Pick<TeamMemberEntity, 'orgId' | 'teamId' | 'userId'>): Promise<void> {
    await this.db.manager.createQueryBuilder().insert().into(TeamMemberEntity).values(member).orIgnore().execute();
  }

  async removeMember(orgId: string, teamId: string, userId: string): Promise<boolean> {
    const result = await this.db.manager.delete(TeamMemberEntity, { orgId, teamId, userId });
    return (result.affected ?? 0) > 0;
  }

  /** The teams a user belongs to. */
  teamsOf(userId: string): Promise<TeamEntity[]> {
    return this.db.manager
      .createQueryBuilder(TeamEntity, 't')
      .innerJoin(TeamMemberEntity, 'm', 'm.team_id = t.id')
      .where('m.user_id = :userId', { userId })
      .orderBy('t.name')
      .getMany();
  }
}
