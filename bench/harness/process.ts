import { spawn, type ChildProcess } from 'node:child_process';
import { waitForUrl } from './net';

/** A process to start and the URLs that answer 200 once it is ready. */
export interface AppSpec {
  name: string;
  /** Script run with this Node binary, or `command` when given. */
  args: string[];
  command?: string;
  env?: Record<string, string>;
  readyUrls: string[];
  readyTimeoutMs?: number;
  /** Copy the child's output to this process' stderr (default: keep only a tail for errors). */
  echo?: boolean;
}

export interface RunningApp {
  name: string;
  pid: number;
  /** The last lines the child wrote (stdout and stderr). */
  output(): string;
  /** True while the child has not exited. */
  alive(): boolean;
  /** SIGTERM, wait up to `timeoutMs` for the exit, then SIGKILL. */
  stop(timeoutMs?: number): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 16_000;
const running = new Set<ChildProcess>();

// Whatever happens to the bench (crash, Ctrl-C), it leaves no server behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function describeExit(child: ChildProcess): string | undefined {
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  if (child.signalCode !== null) return `killed by ${child.signalCode}`;
  return undefined;
}

async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (exited(child) || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await gone;
  clearTimeout(timer);
}

function captureOutput(child: ChildProcess, name: string, echo: boolean): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    if (echo) process.stderr.write(`[${name}] ${chunk.toString()}`);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

/**
 * Starts a child process and resolves once every ready URL answers 200. If the child dies or does
 * not get ready in time it is stopped and the error carries the tail of its output.
 */
export async function startApp(spec: AppSpec): Promise<RunningApp> {
  const child = spawn(spec.command ?? process.execPath, spec.args, {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let spawnError: string | undefined;
  child.once('error', (error) => (spawnError = `cannot start ${spec.name}: ${error.message}`));
  const output = captureOutput(child, spec.name, spec.echo ?? false);
  const app: RunningApp = {
    name: spec.name,
    pid: child.pid ?? -1,
    output,
    alive: () => !exited(child) && !spawnError,
    stop: (timeoutMs = 15_000) => stopChild(child, timeoutMs),
  };
  const abort = () => spawnError ?? (describeExit(child) && `${spec.name} ${describeExit(child)}`);
  try {
    for (const url of spec.readyUrls) await waitForUrl(url, { timeoutMs: spec.readyTimeoutMs ?? 60_000, abort });
  } catch (error) {
    await app.stop();
    throw new Error(`${spec.name} did not get ready: ${(error as Error).message}\n--- last output of ${spec.name} ---\n${output()}`);
  }
  return app;
}

/** Stops apps one after the other, last started first; never throws. */
export async function stopAll(apps: RunningApp[]): Promise<void> {
  for (const app of [...apps].reverse()) {
    await app.stop().catch((error: Error) => console.error(`stopping ${app.name}: ${error.message}`));
  }
}
