import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  IDENTITY_EVENTS,
  Role,
  type CreateUserRequest,
  type IdentityDto,
  type SetUserRoleRequest,
  type UpdateUserRequest,
  type UserDeletedEvent,
  type UserDto,
  type UserParams,
} from '@flotilla/contracts';
import { notFound } from '@flotilla/common';
import { IdentityException } from '../identity.exception';
import { IdentityMapper } from '../shared/identity.mapper';
import { IdentityTransactions } from '../shared/identity.transactions';
import { OrgScope } from '../shared/org-scope';
import { PasswordHasher } from './password.hasher';
import { UsersRepository, type UserRecord } from './users.repository';

/** Users of an organization: everyone in it may look, its org admins (and platform admins) manage them. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly scope: OrgScope,
    private readonly hasher: PasswordHasher,
    private readonly transactions: IdentityTransactions,
  ) {}

  async create(identity: IdentityDto, request: CreateUserRequest): Promise<UserDto> {
    await this.scope.administered(identity, request.orgId);
    const passwordHash = request.password ? await this.hasher.hash(request.password) : null;
    const user = await this.transactions.run((manager) =>
      this.users.insert(manager, {
        id: randomUUID(),
        orgId: request.orgId,
        username: request.username,
        email: request.email ?? null,
        displayName: request.displayName ?? request.username,
        role: request.role ?? Role.Member,
        passwordHash,
      }),
    );
    if (!user) throw IdentityException.conflict('username or email already in use', { username: request.username });
    return IdentityMapper.user(user);
  }

  async list(identity: IdentityDto, orgId: string): Promise<UserDto[]> {
    await this.scope.visible(identity, orgId);
    return (await this.users.listInOrg(orgId)).map(IdentityMapper.user);
  }

  async get(identity: IdentityDto, params: UserParams): Promise<UserDto> {
    await this.scope.visible(identity, params.orgId);
    return IdentityMapper.user(await this.existing(params));
  }

  async update(identity: IdentityDto, request: UpdateUserRequest): Promise<UserDto> {
    await this.scope.administered(identity, request.orgId);
    await this.existing(request);
    if (request.email !== undefined && (await this.users.emailTaken(request.email, request.userId))) {
      throw IdentityException.conflict('email already in use', { field: 'email' });
    }
    await this.users.update(request.orgId, request.userId, { email: request.email, displayName: request.displayName });
    if (request.password !== undefined) await this.users.setPasswordHash(request.orgId, request.userId, await this.hasher.hash(request.password));
    return IdentityMapper.user(await this.existing(request));
  }

  async setRole(identity: IdentityDto, request: SetUserRoleRequest): Promise<UserDto> {
    await this.scope.administered(identity, request.orgId);
    await this.existing(request);
    if (request.userId === identity.userId) throw IdentityException.conflict('you cannot change your own role; ask another org admin');
    await this.users.setRole(request.orgId, request.userId, request.role);
    return IdentityMapper.user(await this.existing(request));
  }

  /** Deletes the user with its tokens and team memberships, and announces it. */
  async delete(identity: IdentityDto, params: UserParams): Promise<void> {
    await this.scope.administered(identity, params.orgId);
    if (params.userId === identity.userId) throw IdentityException.conflict('you cannot delete yourself; ask another org admin');
    await this.transactions.run(async (manager) => {
      if (!(await this.users.delete(manager, params.orgId, params.userId))) throw notFound('user', params.userId);
      const event: UserDeletedEvent = { userId: params.userId, orgId: params.orgId, occurredAt: new Date().toISOString() };
      await this.transactions.publish(manager, IDENTITY_EVENTS.userDeleted, event);
    });
  }

  /** The user of the organization in the path, or NOT_FOUND (another organization's user included). */
  private async existing(params: UserParams): Promise<UserRecord> {
    const user = await this.users.getInOrg(params.orgId, params.userId);
    if (!user) throw notFound('user', params.userId);
    return user;
  }
}
