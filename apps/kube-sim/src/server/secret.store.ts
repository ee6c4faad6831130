// Tokens kept in the data directory (mode 0600), so a restart hands out the same credentials and
// kubeconfigs written earlier keep working.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A fresh bearer token (URL-safe, 256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes a file only its owner may read. */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** The admin token of the control API: the configured one, else the stored one, else a new stored one. */
export function adminToken(dataDir: string, configured: string): string {
  if (configured) return configured;
  const path = join(dataDir, 'admin-token');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const token = newToken();
  writePrivateFile(path, `${token}\n`);
  return token;
}

/** Per-cluster bearer tokens by cluster name, persisted as tokens.json. */
export class ClusterTokenStore {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'tokens.json');
  }

  /** The cluster's stored token, or a new one that is stored. */
  tokenFor(cluster: string): string {
    const tokens = this.read();
    tokens[cluster] ??= newToken();
    this.write(tokens);
    return tokens[cluster];
  }

  /** Forgets a deleted cluster's token. */
  forget(cluster: string): void {
    const tokens = this.read();
    delete tokens[cluster];
    this.write(tokens);
  }

  private read(): Record<string, string> {
    return existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>) : {};
  }

  private write(tokens: Record<string, string>): void {
    writePrivateFile(this.path, JSON.stringify(tokens, null, 2));
  }
}

/** Removes a file if it is there. */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
