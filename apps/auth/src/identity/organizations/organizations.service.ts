import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  IDENTITY_EVENTS,
  Role,
  type CreateOrganizationDto,
  type IdentityDto,
  type OrganizationCreatedEvent,
  type OrganizationDeletedEvent,
  type OrganizationDto,
  type UpdateOrganizationRequest,
} from '@flotilla/contracts';
import { isPlatformAdmin, notFound, requireRole } from '@flotilla/common';
import { IdentityException } from '../identity.exception';
import { IdentityMapper } from '../shared/identity.mapper';
import { IdentityPolicy } from '../shared/identity.policy';
import { IdentityTransactions } from '../shared/identity.transactions';
import { OrganizationsRepository } from './organizations.repository';

/** Organizations: platform admins manage them; everyone else sees only their own. */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly transactions: IdentityTransactions,
  ) {}

  async create(identity: IdentityDto, request: CreateOrganizationDto): Promise<OrganizationDto> {
    IdentityPolicy.requirePlatformAdminWrite(identity);
    const created = await this.transactions.run(async (manager) => {
      const organization = await this.organizations.insert(manager, { id: randomUUID(), name: request.name, displayName: request.displayName ?? request.name });
      if (!organization) throw IdentityException.conflict(`organization ${request.name} already exists`, { name: request.name });
      const event: OrganizationCreatedEvent = { orgId: organization.id, name: organization.name, occurredAt: new Date().toISOString() };
      await this.transactions.publish(manager, IDENTITY_EVENTS.organizationCreated, event);
      return organization;
    });
    return IdentityMapper.organization(created);
  }

  /** Platform admins: every organization; anyone else: a list holding only their own. */
  async list(identity: IdentityDto): Promise<OrganizationDto[]> {
    const visible = isPlatformAdmin(identity) ? undefined : identity.orgId ? [identity.orgId] : [];
    return (await this.organizations.list(visible)).map(IdentityMapper.organization);
  }

  async get(identity: IdentityDto, orgId: string): Promise<OrganizationDto> {
    IdentityPolicy.requireVisibleOrg(identity, orgId);
    const organization = await this.organizations.get(orgId);
    if (!organization) throw notFound('organization', orgId);
    return IdentityMapper.organization(organization);
  }

  async update(identity: IdentityDto, request: UpdateOrganizationRequest): Promise<OrganizationDto> {
    IdentityPolicy.requireVisibleOrg(identity, request.orgId);
    IdentityPolicy.requireWriteScope(identity);
    requireRole(identity, Role.PlatformAdmin);
    const changes = request.displayName === undefined ? {} : { displayName: request.displayName };
    const organization = await this.organizations.update(request.orgId, changes);
    if (!organization) throw notFound('organization', request.orgId);
    return IdentityMapper.organization(organization);
  }

  /** Deletes the organization with its teams, users and tokens, and announces it to other services. */
  async delete(identity: IdentityDto, orgId: string): Promise<void> {
    IdentityPolicy.requireVisibleOrg(identity, orgId);
    IdentityPolicy.requirePlatformAdminWrite(identity);
    await this.transactions.run(async (manager) => {
      const deleted = await this.organizations.delete(manager, orgId);
      if (!deleted) throw notFound('organization', orgId);
      const event: OrganizationDeletedEvent = { orgId, name: deleted.name, occurredAt: new Date().toISOString() };
      await this.transactions.publish(manager, IDENTITY_EVENTS.organizationDeleted, event);
    });
  }
}
