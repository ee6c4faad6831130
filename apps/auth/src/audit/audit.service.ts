import { Injectable } from '@nestjs/common';
import {
  AUDIT_PAGE_DEFAULT,
  ErrorCode,
  Role,
  type AuditEventDto,
  type AuditEventPageDto,
  type IdentityDto,
  type ListAuditEventsQueryDto,
} from '@flotilla/contracts';
import { canSeeOrg, currentIdentity, isPlatformAdmin, notFound, requireRole } from '@flotilla/common';
import { decodeCursor, encodeCursor } from './audit-cursor.util';
import { AuditException } from './audit.exception';
import { toInstant } from './audit-payload.util';
import { AuditRepository, type AuditLogFilter } from './audit.repository';

/** The audit log: records what the gateway reports, and lists it to those allowed to see it. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /** Stores one event (already validated); false when that event id was stored before. */
  record(event: AuditEventDto): Promise<boolean> {
    return this.repository.insert(event);
  }

  /**
   * A page of events, newest first. Platform admins see every organization (optionally one);
   * org admins only their own, whatever `orgId` they ask for (another org is NOT_FOUND, as if it
   * did not exist); members and viewers are FORBIDDEN.
   */
  async list(query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    const orgId = visibleOrg(currentIdentity(), query.orgId);
    const limit = query.limit ?? AUDIT_PAGE_DEFAULT;
    const rows = await this.repository.list({ ...toFilter(query), orgId, limit: limit + 1 });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }
}

/** The organization the caller may list: undefined means all (platform admins only). */
function visibleOrg(identity: IdentityDto, requested: string | undefined): string | undefined {
  if (isPlatformAdmin(identity)) return requested;
  if (requested !== undefined && !canSeeOrg(identity, requested)) throw notFound('organization', requested);
  requireRole(identity, Role.OrgAdmin);
  // an org admin always has an org; an identity without one must not fall through to "all"
  if (identity.orgId === null) throw new AuditException(ErrorCode.Forbidden, 'the caller belongs to no organization');
  return identity.orgId;
}

function toFilter(query: ListAuditEventsQueryDto): Omit<AuditLogFilter, 'orgId' | 'limit'> {
  return {
    userId: query.userId,
    action: query.action,
    result: query.result,
    status: query.status,
    from: toInstant('from', query.from),
    to: toInstant('to', query.to),
    targetId: query.targetId,
    requestId: query.requestId,
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
  };
}
