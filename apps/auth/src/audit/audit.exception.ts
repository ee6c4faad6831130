import { DomainException } from '@flotilla/common';

/** Errors of the audit context (bad list input); they cross NATS as data like every domain error. */
export class AuditException extends DomainException {}
