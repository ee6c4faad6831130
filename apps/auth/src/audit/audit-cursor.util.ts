import { ErrorCode } from '@flotilla/contracts';
import { AuditException } from './audit.exception';

/** Position after which the next page starts: the last event of the previous page. */
export interface AuditCursor {
  occurredAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque cursor for the page after `last`. */
export function encodeCursor(last: AuditCursor): string {
  return Buffer.from(JSON.stringify([last.occurredAt, last.id])).toString('base64url');
}

/** Reads a cursor back; anything that is not one of ours is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): AuditCursor {
  const parsed = tryParse(cursor);
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [occurredAt, id] = parsed as unknown[];
  if (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt))) throw invalidCursor();
  if (typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  return { occurredAt, id };
}

function tryParse(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function invalidCursor(): AuditException {
  return new AuditException(ErrorCode.ValidationFailed, 'invalid input: cursor', {
    fields: [{ field: 'cursor', messages: ['cursor must be the nextCursor of a previous page'] }],
  });
}
