import { ClustersException } from './clusters.exception';

/** Position after which the next page starts: the last cluster of the previous page. */
export interface ClusterCursor {
  name: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque keyset cursor of a cluster listing (ordered by name, then id). */
export function encodeCursor(last: ClusterCursor): string {
  return Buffer.from(JSON.stringify([last.name, last.id])).toString('base64url');
}

/** Reads a cursor back; anything {@link encodeCursor} did not write is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): ClusterCursor {
  const parsed = tryParse(cursor);
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [name, id] = parsed as unknown[];
  if (typeof name !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  return { name, id };
}

function tryParse(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function invalidCursor(): ClustersException {
  return ClustersException.invalidField('cursor', 'cursor must be the nextCursor of a previous page');
}
