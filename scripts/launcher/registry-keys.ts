// The registry's key-encryption keys for `npm start`: generated once into <data dir>/registry.keys
// (owner-only), reused on every later start, so credentials stored by one run open in the next.
// FLOTILLA_REGISTRY_KEYS in the environment wins: then the file is neither read nor written.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LaunchError } from './launch-error';

/** What the registry is started with. */
export interface RegistryKeys {
  /** FLOTILLA_REGISTRY_KEYS: `keyId:base64,...` (sensitive). */
  keys: string;
  /** FLOTILLA_REGISTRY_ACTIVE_KEY. */
  activeKey: string;
  /** Where they came from, for the launcher's own message. */
  source: 'environment' | 'created' | 'file';
}

/**
 * Id of a key the launcher generates: unique, so that a database outliving its key file (an external
 * Postgres, a deleted data directory) fails at start naming the missing key, not as undecryptable rows.
 */
export const GENERATED_KEY_ID = /^local-[0-9a-f]{8}$/;

const KEY_LINE = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/]{43}=)$/;
const OWNER_ONLY = 0o600;

function parseKeyFile(path: string): string[] {
  const numbered = readFileSync(path, 'utf8')
    .split('\n')
    .map((text, index) => ({ text: text.trim(), number: index + 1 }))
    .filter(({ text }) => text && !text.startsWith('#'));
  const bad = numbered.find(({ text }) => !KEY_LINE.test(text));
  if (numbered.length === 0 || bad) {
    throw new LaunchError(
      `${path} must hold one "keyId:base64(32 bytes)" per line${bad ? ` (line ${bad.number} does not)` : ''}. ` +
        'Restore it from your backup: without it the stored cluster credentials cannot be read. Delete the whole data directory for a clean slate.',
    );
  }
  return numbered.map(({ text }) => text);
}

function createKeyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const line = `local-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}`;
  const header = '# Key-encryption keys of the cluster registry (FLOTILLA_REGISTRY_KEYS), one per line; the last one is active.\n';
  writeFileSync(path, `${header}${line}\n`, { mode: OWNER_ONLY, flag: 'wx' });
}

/**
 * The registry's keys: from FLOTILLA_REGISTRY_KEYS when set, else from `path`, created with one
 * fresh 32-byte key (mode 0600) when missing. A key file others can read is made owner-only again.
 */
export function ensureRegistryKeys(path: string, env: NodeJS.ProcessEnv = process.env): RegistryKeys {
  if (env.FLOTILLA_REGISTRY_KEYS) {
    const ids = env.FLOTILLA_REGISTRY_KEYS.split(',').map((entry) => entry.split(':')[0]!.trim());
    return { keys: env.FLOTILLA_REGISTRY_KEYS, activeKey: env.FLOTILLA_REGISTRY_ACTIVE_KEY || ids.at(-1)!, source: 'environment' };
  }
  const created = !existsSync(path);
  if (created) createKeyFile(path);
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, OWNER_ONLY);
  const lines = parseKeyFile(path);
  const ids = lines.map((line) => line.split(':')[0]!);
  const activeKey = env.FLOTILLA_REGISTRY_ACTIVE_KEY || ids.at(-1)!;
  return { keys: lines.join(','), activeKey, source: created ? 'created' : 'file' };
}
