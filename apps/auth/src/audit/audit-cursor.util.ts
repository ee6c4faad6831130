import { decodeKeysetCursor, encodeKeysetCursor } from '@flotilla/common';
import { ErrorCode } from '@flotilla/contracts';
import { AuditException } from './audit.exception';

/** Position after which the next page starts: the last event of the previous page. */
export interface AuditCursor {
  occurredAt: string;
  id: string;
}

const isTimestamp = (key: string) => !Number.isNaN(Date.parse(key));

/** Opaque cursor for the page after `last`. */
export function encodeCursor(last: AuditCursor): string {
  return encodeKeysetCursor({ key: last.occurredAt, id: last.id });
}

/** Reads a cursor back; anything that is not one of ours is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): AuditCursor {
  const position = decodeKeysetCursor(cursor, isTimestamp);
  if (!position) throw invalidCursor();
  return { occurredAt: position.key, id: position.id };
}

function invalidCursor(): AuditException {
  return new AuditException(ErrorCode.ValidationFailed, 'invalid input: cursor', {
    fields: [{ field: 'cursor', messages: ['cursor must be the nextCursor of a previous page'] }],
  });
}
