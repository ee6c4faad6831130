import type { StreamDefinition } from '../messaging/streams';

/** NATS request/reply subjects of the audit context, answered by the auth service. */
export const AUDIT_SUBJECTS = {
  /** A page of audit events the caller may see (org admins: their org; platform admins: all). */
  list: 'auth.audit-event.list',
} as const;

/**
 * Subjects of audit records. The gateway publishes one per mutating request; the auth service
 * consumes them into its audit log. Deliberately outside `auth.*`: a stream capturing a request
 * subject would answer that request with a publish ack.
 */
export const AUDIT_EVENTS = {
  requestCompleted: 'audit.request.completed',
} as const;

/**
 * The JetStream stream that carries audit records from the gateway to the auth service. It is a
 * durable buffer: records published while auth is down wait here (7 days) instead of in gateway
 * memory, and the `Nats-Msg-Id` (the event id) drops a retried publish within the duplicate window.
 */
export const AUDIT_STREAM: StreamDefinition = {
  name: 'FLOTILLA_AUDIT',
  owner: 'auth',
  subjects: [AUDIT_EVENTS.requestCompleted],
};

/** Durable consumer of {@link AUDIT_STREAM} shared by every auth replica. */
export const AUDIT_CONSUMER = 'auth-audit-log';

/** Largest page of audit events one list call returns. */
export const AUDIT_PAGE_MAX = 200;

/** Page size when the caller names none. */
export const AUDIT_PAGE_DEFAULT = 50;
