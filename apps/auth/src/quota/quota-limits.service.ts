import { Injectable } from '@nestjs/common';
import { QuotaScope, type GetQuotaRequest, type QuotaDto, type SetQuotaRequest } from '@flotilla/contracts';
import { currentIdentity } from '@flotilla/common';
import { authorizeLimitChange, requireVisibleOrg } from './quota-access.policy';
import { QuotaDirectoryRepository } from './quota-directory.repository';
import { QuotaEvents } from './quota-events';
import { QuotaLedgerRepository } from './quota-ledger.repository';
import { scopeIds, toQuotaDto, type QuotaTarget } from './quota.mapper';
import { parseResourceQuantities } from './quota-resources.util';
import { QuotaTransactions } from './quota-transactions';
import { QuotaException } from './quota.exception';

/** Which quota a request names: the organization's, or a team's or user's (never both). */
function targetOf(request: GetQuotaRequest): QuotaTarget {
  if (request.teamId && request.userId) throw QuotaException.invalidField('userId', 'name a team or a user, not both');
  if (request.teamId) return { orgId: request.orgId, scope: QuotaScope.Team, scopeId: request.teamId };
  if (request.userId) return { orgId: request.orgId, scope: QuotaScope.User, scopeId: request.userId };
  return { orgId: request.orgId, scope: QuotaScope.Org, scopeId: request.orgId };
}

/** Reads and sets hard limits; every change emits `quota.changed` in its transaction. */
@Injectable()
export class QuotaLimitsService {
  constructor(
    private readonly ledger: QuotaLedgerRepository,
    private readonly directory: QuotaDirectoryRepository,
    private readonly transactions: QuotaTransactions,
    private readonly events: QuotaEvents,
  ) {}

  /** Limits and consumption of one quota; anyone in the organization may read them. */
  async get(request: GetQuotaRequest): Promise<QuotaDto> {
    const target = targetOf(request);
    requireVisibleOrg(currentIdentity(), target.orgId);
    await this.directory.requireExists(target.orgId, target.scope, target.scopeId);
    return toQuotaDto(target, await this.ledger.readScope(target.orgId, target.scope, target.scopeId));
  }

  /**
   * Replaces a quota's hard limits (a resource left out becomes unlimited). Lowering a limit below
   * current use is allowed: the quota then reports overLimit and refuses new reservations of it.
   */
  async set(request: SetQuotaRequest): Promise<QuotaDto> {
    const identity = currentIdentity();
    const target = targetOf(request);
    authorizeLimitChange(identity, target.orgId, target.scope);
    const hard = parseResourceQuantities(request.hard, 'hard');
    await this.directory.requireExists(target.orgId, target.scope, target.scopeId);
    await this.ledger.ensureRows(target.orgId, [...hard.keys()].map((resource) => ({ scope: target.scope, scopeId: target.scopeId, resource })));
    return this.transactions.run(async (manager) => {
      await this.ledger.lockScope(manager, target.orgId, target.scope, target.scopeId);
      await this.ledger.setHard(manager, target.orgId, target, hard);
      await this.events.limitsSet(manager, { orgId: target.orgId, scope: target.scope, ...scopeIds(target) }, hard, identity.userId);
      return toQuotaDto(target, await this.ledger.readScope(target.orgId, target.scope, target.scopeId, manager));
    });
  }
}
