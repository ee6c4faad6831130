// Opaque keyset cursors for listings ordered by (sort key, id): the position of the last row of a
// page, base64url-encoded so clients pass it back as is and never build one.

/** Position after which the next page starts: the sort key and id of the previous page's last row. */
export interface KeysetPosition {
  key: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque cursor of the page after `last`. */
export function encodeKeysetCursor(last: KeysetPosition): string {
  return Buffer.from(JSON.stringify([last.key, last.id])).toString('base64url');
}

/**
 * Reads a cursor {@link encodeKeysetCursor} wrote; `undefined` for anything else (not base64url JSON,
 * not a pair, an id that is no UUID, or a key `isKey` refuses), so the caller answers its own 400.
 */
export function decodeKeysetCursor(cursor: string, isKey: (key: string) => boolean = () => true): KeysetPosition | undefined {
  const parsed = tryParse(cursor);
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [key, id] = parsed as unknown[];
  if (typeof key !== 'string' || !isKey(key)) return undefined;
  if (typeof id !== 'string' || !UUID.test(id)) return undefined;
  return { key, id };
}

function tryParse(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
