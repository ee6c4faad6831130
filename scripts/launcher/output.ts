// Child output, passed through line by line with the app's name in front, so that seven JSON log
// streams stay readable in one terminal: `auth         | {"level":30,...}`.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Width of the name column: the longest app name ("provisioning") plus one space. */
export const LABEL_WIDTH = 13;

/** pino's numeric level of "error". */
const PINO_ERROR = 50;

/** How many lines of each child the launcher keeps to explain an early exit. */
const TAIL_LINES = 12;

/** `name` padded to the label column, followed by the separator. */
export function prefix(name: string): string {
  return `${name.padEnd(LABEL_WIDTH)}| `;
}

/** Prints a line of the launcher itself, in the same column layout as the children. */
export function say(message: string, stream: NodeJS.WriteStream = process.stdout): void {
  for (const line of message.split('\n')) stream.write(`${prefix('launcher')}${line}\n`);
}

/**
 * True when a stdout line should still be shown in quiet mode: pino lines at level error or above,
 * and anything that is not a JSON log line (a crash report is rarely JSON).
 */
export function isErrorLine(line: string): boolean {
  if (!line.startsWith('{')) return line.trim().length > 0;
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level !== 'number' || level >= PINO_ERROR;
  } catch {
    return true;
  }
}

/** The last lines of one child's stdout and stderr, for an error report. */
export class OutputTail {
  private readonly lines: string[] = [];

  /** Remembers one line, forgetting the oldest beyond the limit. */
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > TAIL_LINES) this.lines.shift();
  }

  /** The remembered lines, oldest first. */
  get(): readonly string[] {
    return this.lines;
  }
}

/** Where a child's lines go and how. */
export interface PipeOptions {
  name: string;
  quiet: boolean;
  tail: OutputTail;
  /**
   * Which lines quiet mode still shows. Default: every stderr line, and on stdout pino errors and
   * non-JSON lines. When given, it filters both streams (for programs that log to stderr).
   */
  isError?: (line: string) => boolean;
  /** Sees every stdout line, shown or not (the launcher picks the bootstrap token out of auth's). */
  onLine?: (line: string) => void;
}

/**
 * Copies a child's stdout and stderr to ours, each line prefixed with the app name. In quiet mode
 * only error lines get through (see {@link PipeOptions.isError}). Resolves when both streams have ended.
 */
export function pipeChildOutput(stdout: Readable | null, stderr: Readable | null, options: PipeOptions): Promise<void> {
  const isError = options.isError ?? isErrorLine;
  const stderrIsError = options.isError ?? (() => true);
  const showStdout = (line: string): boolean => {
    options.onLine?.(line);
    return !options.quiet || isError(line);
  };
  return Promise.all([
    pipeLines(stdout, process.stdout, options, showStdout),
    pipeLines(stderr, process.stderr, options, (line) => !options.quiet || stderrIsError(line)),
  ]).then(() => undefined);
}

function pipeLines(input: Readable | null, output: NodeJS.WriteStream, options: PipeOptions, show: (line: string) => boolean): Promise<void> {
  if (!input) return Promise.resolve();
  const label = prefix(options.name);
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => {
    options.tail.push(line);
    if (show(line)) output.write(`${label}${line}\n`);
  });
  return new Promise((resolve) => lines.once('close', resolve));
}
