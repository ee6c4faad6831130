import { decodeKeysetCursor, encodeKeysetCursor } from '@flotilla/common';
import { ClustersException } from './clusters.exception';

/** Position after which the next page starts: the last cluster of the previous page. */
export interface ClusterCursor {
  name: string;
  id: string;
}

/** Opaque keyset cursor of a cluster listing (ordered by name, then id). */
export function encodeCursor(last: ClusterCursor): string {
  return encodeKeysetCursor({ key: last.name, id: last.id });
}

/** Reads a cursor back; anything {@link encodeCursor} did not write is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): ClusterCursor {
  const position = decodeKeysetCursor(cursor);
  if (!position) throw ClustersException.invalidField('cursor', 'cursor must be the nextCursor of a previous page');
  return { name: position.key, id: position.id };
}
