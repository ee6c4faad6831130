// Runs the built registry binaries (`npm run build` first) as an operator does: the service's
// main.js and the key-rotation command, each in a process of its own.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', '..', '..', '..', 'dist', 'apps', 'registry', 'src');

function built(file: string): string {
  const path = join(DIST, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  return path;
}

/** Runs `npm run registry:rotate-keys` (its compiled script) to completion. */
export function runRotateKeys(env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [built('rotate-keys.js')], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });
}

/** How a registry start ended: ready (then stopped with SIGTERM), or exited on its own. */
export interface StartOutcome {
  ready: boolean;
  exitCode: number | null;
  output: string;
}

/** Starts the registry's main.js and waits until it reports ready or exits. */
export function startRegistry(env: Record<string, string>): Promise<StartOutcome> {
  const child = spawn(process.execPath, [built('main.js')], { env: { PATH: process.env.PATH, HEALTH_PORT: '0', ...env } });
  let output = '';
  let ready = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!ready && output.includes('registry ready')) {
        ready = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ ready, exitCode, output });
    });
  });
}
