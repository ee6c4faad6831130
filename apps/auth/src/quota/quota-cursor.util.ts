import { QuotaException } from './quota.exception';

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/;

/** Opaque keyset cursor of a reservation listing: the last item's creation time (µs) and id. */
export function encodeCursor(createdAtExact: string, id: string): string {
  return Buffer.from(`${createdAtExact}|${id}`).toString('base64url');
}

/** Reads a cursor back; VALIDATION_FAILED on anything {@link encodeCursor} did not write. */
export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw QuotaException.invalidField('cursor', 'cursor must be a nextCursor returned by a previous page');
  return { createdAt: match[1], id: match[2] };
}
