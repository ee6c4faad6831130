import type { ResourceType } from './resource-types';

/** One field-level cause of a 422 Invalid Status. */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

/** details of a Kubernetes Status body. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A meta/v1 Status body, as kube-apiserver answers every error. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** An API error that knows its HTTP code, Status reason and details. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The Status body for this error. */
  toStatus(): StatusBody {
    const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** The Status body for any thrown value (a non-ApiError becomes 500 InternalError). */
export function statusOf(error: unknown): StatusBody {
  if (error instanceof ApiError) return error.toStatus();
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`).toStatus();
}

const qualified = (rt: ResourceType) => (rt.group ? `${rt.plural}.${rt.group}` : rt.plural);

/** 404 NotFound for a named object. */
export function notFound(rt: ResourceType, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualified(rt)} "${name}" not found`, { name, group: rt.group, kind: rt.plural });
}

/** 409 AlreadyExists for a create of an existing name. */
export function alreadyExists(rt: ResourceType, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualified(rt)} "${name}" already exists`, { name, group: rt.group, kind: rt.plural });
}

/** 409 Conflict for an update carrying a stale resourceVersion. */
export function conflict(rt: ResourceType, name: string): ApiError {
  const message = `Operation cannot be fulfilled on ${qualified(rt)} "${name}": the object has been modified; please apply your changes to the latest version and try again`;
  return new ApiError(409, 'Conflict', message, { name, group: rt.group, kind: rt.plural });
}

/** 422 Invalid with field causes. */
export function invalid(rt: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new ApiError(422, 'Invalid', `${rt.kind} "${name}" is invalid: ${text}`, { name, group: rt.group, kind: rt.kind, causes });
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 410 Gone/Expired for a resourceVersion or continue token older than the kept history. */
export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}
