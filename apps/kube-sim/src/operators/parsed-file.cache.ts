// YAML parsing of the big upstream CRDs takes seconds; JSON takes milliseconds. Every process that
// creates a cluster (each test file, each start) would pay the seconds, so the parsed form of each
// file version is kept as JSON in a private directory of the OS temp dir, keyed by the file's hash.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';

/** This user's cache directory (mode 0700), or undefined when it is missing and cannot be made, or is someone else's. */
function cacheDir(): string | undefined {
  const dir = join(tmpdir(), `flotilla-kube-sim-${userInfo().uid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    return stat.uid === userInfo().uid && (stat.mode & 0o077) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

function readCached(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeCached(file: string, value: unknown): void {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, JSON.stringify(value), { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // a cache that cannot be written only costs time
  }
}

/** The content of a gzipped YAML file, parsed (from the cache when this file version was parsed before). */
export function parseYamlGz(path: string): unknown {
  const raw = readFileSync(path);
  const dir = cacheDir();
  const cached = dir && join(dir, `${createHash('sha256').update(raw).digest('hex')}.json`);
  const hit = cached ? readCached(cached) : undefined;
  if (hit !== undefined) return hit;
  const parsed: unknown = parse(gunzipSync(raw).toString('utf8'));
  if (cached) writeCached(cached, parsed);
  return parsed;
}
