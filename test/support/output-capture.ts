// Captures what in-process apps print, so that a suite can assert that no secret reaches a log line.
import fs from 'node:fs';

type WriteCallback = (error: NodeJS.ErrnoException | null, written: number) => void;

const byteLength = (data: unknown): number => (typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).byteLength);

/**
 * Everything the in-process apps write to stdout and stderr between {@link start} and {@link stop}:
 * pino writes to fd 1 directly (sonic-boom, `fs.write`/`fs.writeSync`), TypeORM and Nest's console
 * through `process.stdout`. Captured output is kept here instead of being printed (a debug-level run
 * would flood the test report); the test runner's own reporting is unaffected.
 */
export class OutputCapture {
  private readonly chunks: string[] = [];
  private readonly spies: Array<{ mockRestore(): void }> = [];

  start(): void {
    const write = fs.write.bind(fs) as (...args: unknown[]) => void;
    const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
    const captured = (fd: unknown) => fd === 1 || fd === 2;
    this.spies.push(
      vi.spyOn(fs, 'write').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
        if (!captured(fd)) return write(fd, data, ...rest);
        this.chunks.push(String(data));
        const callback = rest.at(-1) as WriteCallback;
        process.nextTick(() => callback(null, byteLength(data)));
      }) as typeof fs.write),
      vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
        if (!captured(fd)) return writeSync(fd, data, ...rest);
        this.chunks.push(String(data));
        return byteLength(data);
      }) as typeof fs.writeSync),
      vi.spyOn(process.stdout, 'write').mockImplementation((data: string | Uint8Array) => {
        this.chunks.push(String(data));
        return true;
      }),
    );
  }

  stop(): void {
    for (const spy of this.spies.splice(0)) spy.mockRestore();
  }

  /** All captured output so far. */
  get text(): string {
    return this.chunks.join('');
  }
}
