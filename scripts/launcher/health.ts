// Waiting for the platform: every app's health endpoint must answer 200 before the banner claims that
// Flotilla is up. A child that dies meanwhile ends the wait at once, with its last words.
import { LaunchError } from './launch-error';
import { httpStatus, sleep } from './net';
import { describeExit, type SupervisedProcess } from './processes';

/** One app to wait for. */
export interface HealthTarget {
  name: string;
  urls: readonly string[];
  process: SupervisedProcess;
}

/** The URL that answered 200 for each app. */
export type HealthReport = Map<string, string>;

const POLL_INTERVAL_MS = 300;

async function answering(urls: readonly string[]): Promise<string | undefined> {
  const statuses = await Promise.all(urls.map((url) => httpStatus(url, 2000)));
  return urls.find((_, index) => statuses[index] === 200);
}

/** Error for a child that exited before the platform was up: which one, how, and its last lines. */
export function earlyExitError(child: SupervisedProcess): LaunchError {
  const lines = child.lastLines().map((line) => `  ${line}`);
  return new LaunchError(`${child.name} ${describeExit(child.exitInfo)} before it was ready. Its last lines:\n${lines.join('\n') || '  (no output)'}`);
}

/**
 * Polls every app's health endpoint until each has answered 200 once. Throws when a child exits
 * first, when `timeoutMs` passes (naming the apps still not ready), or when `aborted()` turns true.
 */
export async function waitUntilHealthy(targets: readonly HealthTarget[], timeoutMs: number, aborted: () => boolean): Promise<HealthReport> {
  const ready: HealthReport = new Map();
  const deadline = Date.now() + timeoutMs;
  while (ready.size < targets.length) {
    if (aborted()) throw new LaunchError('start-up interrupted');
    const dead = targets.find((target) => !target.process.running);
    if (dead) throw earlyExitError(dead.process);
    if (Date.now() > deadline) {
      const waiting = targets.filter((target) => !ready.has(target.name)).map((target) => `${target.name} (${target.urls.join(' or ')})`);
      throw new LaunchError(`Not ready after ${Math.round(timeoutMs / 1000)} s: ${waiting.join(', ')}. See their log lines above.`);
    }
    await pollOnce(targets, ready);
    if (ready.size < targets.length) await sleep(POLL_INTERVAL_MS);
  }
  return ready;
}

async function pollOnce(targets: readonly HealthTarget[], ready: HealthReport): Promise<void> {
  const pending = targets.filter((target) => !ready.has(target.name));
  const answers = await Promise.all(pending.map((target) => answering(target.urls)));
  pending.forEach((target, index) => {
    const url = answers[index];
    if (url) ready.set(target.name, url);
  });
}
