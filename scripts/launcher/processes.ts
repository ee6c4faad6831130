// One supervised child process: spawned without a shell (paths with spaces just work), its output
// prefixed, its end observable, and a stop that escalates from SIGTERM to SIGKILL.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { OutputTail, pipeChildOutput } from './output';

/** How a child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

/** What to run and how to show its output. */
export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  quiet?: boolean;
  /** Which stdout lines quiet mode still shows (default: isErrorLine in output.ts). */
  isError?: (line: string) => boolean;
  /** Sees every stdout line. */
  onLine?: (line: string) => void;
  /** Own process group, so that a Ctrl-C in the terminal reaches only the launcher. */
  detached?: boolean;
}

/** A running child whose output is passed through with its name in front. */
export class SupervisedProcess {
  /** Resolves once the process has exited and its output is fully read. */
  readonly ended: Promise<ChildExit>;
  private readonly tail = new OutputTail();
  private readonly child: ChildProcess;
  private exit: ChildExit | undefined;

  constructor(readonly spec: ChildSpec) {
    const options: SpawnOptions = { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: spec.detached ?? false };
    this.child = spawn(spec.command, [...spec.args], options);
    const output = pipeChildOutput(this.child.stdout, this.child.stderr, { name: spec.name, quiet: spec.quiet ?? false, isError: spec.isError, onLine: spec.onLine, tail: this.tail });
    const exited = new Promise<ChildExit>((resolve) => {
      this.child.once('error', (error) => resolve({ code: null, signal: null, error }));
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    this.ended = Promise.all([exited, output]).then(([exit]) => (this.exit = exit));
  }

  /** The app's name, as shown in front of its lines. */
  get name(): string {
    return this.spec.name;
  }

  /** Process id (undefined when spawning failed). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True until the process has exited and its output is read. */
  get running(): boolean {
    return this.exit === undefined;
  }

  /** How it ended, once it has. */
  get exitInfo(): ChildExit | undefined {
    return this.exit;
  }

  /** Its last lines of output, oldest first. */
  lastLines(): readonly string[] {
    return this.tail.get();
  }

  /** Sends a signal if the process still runs. */
  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /**
   * Asks the process to stop (SIGTERM: services drain their NATS subscriptions and finish in-flight
   * work) and kills it when it is still there after `graceMs`. Resolves with true when it had to be killed.
   */
  async stop(graceMs: number): Promise<boolean> {
    if (!this.running) return false;
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
    const killed = await Promise.race([this.ended.then(() => false), timedOut]);
    clearTimeout(timer);
    if (killed) {
      this.signal('SIGKILL');
      await this.ended;
    }
    return killed;
  }
}

/** One line describing how a child ended: "exited with code 1", "was killed by SIGKILL". */
export function describeExit(exit: ChildExit | undefined): string {
  if (!exit) return 'is still running';
  if (exit.error) return `could not be started: ${exit.error.message}`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}
