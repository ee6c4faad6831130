/** Bytes of a key-encryption key (AES-256). */
export const KEY_BYTES = 32;

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
// standard base64 of exactly 32 bytes: 43 characters and one "=" of padding
const KEY_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/** One key-encryption key: an id stored beside every data key it wraps, and its secret bytes. */
export interface KeyEncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * Parses FLOTILLA_REGISTRY_KEYS ("id:base64,id2:base64"). Returns the keys, or the first problem
 * found, worded so it can be printed: it names entries by position and id, never a key's bytes.
 */
export function parseKeyList(value: unknown): { keys: KeyEncryptionKey[] } | { problem: string } {
  if (typeof value !== 'string' || value.trim() === '') return { problem: 'is required: comma-separated keyId:base64 entries, each key 32 random bytes (openssl rand -base64 32)' };
  const keys: KeyEncryptionKey[] = [];
  const entries = value.split(',').map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    const parsed = parseEntry(entry, index + 1);
    if ('problem' in parsed) return parsed;
    if (keys.some((k) => k.id === parsed.id)) return { problem: `key id '${parsed.id}' is listed twice` };
    keys.push(parsed);
  }
  return { keys };
}

function parseEntry(entry: string, position: number): KeyEncryptionKey | { problem: string } {
  const colon = entry.indexOf(':');
  const id = colon < 0 ? '' : entry.slice(0, colon);
  // an entry without a valid id may be a bare key pasted in: say nothing of its content
  if (!KEY_ID.test(id)) return { problem: `entry ${position} must be keyId:base64 with a keyId of 1 to 32 letters, digits, "_" or "-"` };
  const encoded = entry.slice(colon + 1).trim();
  if (!KEY_BASE64.test(encoded)) return { problem: `key '${id}' must be exactly ${KEY_BYTES} bytes in standard base64 (44 characters, as openssl rand -base64 32 prints)` };
  return { id, key: Buffer.from(encoded, 'base64') };
}

/** The key-encryption keys of the registry: several by id (to read), one active (to wrap). */
export class KeyRing {
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(
    keys: readonly KeyEncryptionKey[],
    readonly activeId: string,
  ) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    if (!this.byId.has(activeId)) throw new Error(`the active key id '${activeId}' is not among the keys`);
  }

  /** The key new data keys are wrapped with. */
  get active(): KeyEncryptionKey {
    return { id: this.activeId, key: this.byId.get(this.activeId)! };
  }

  /** The key with this id, if the ring holds it. */
  find(id: string): KeyEncryptionKey | undefined {
    const key = this.byId.get(id);
    return key ? { id, key } : undefined;
  }

  /** Ids of every key held, in the order they were listed. */
  get ids(): string[] {
    return [...this.byId.keys()];
  }
}
