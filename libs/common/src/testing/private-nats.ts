import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { freePort } from '../net/free-port.util';

export { freePort };

/** A nats-server with JetStream that a test run owns. */
export interface PrivateNats {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `nats-server -js` on a free port with its own store directory and waits until it answers. */
export async function startPrivateNats(binary = process.env.NATS_SERVER_BIN ?? 'nats-server'): Promise<PrivateNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'flotilla-nats-'));
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  await waitForNats(url, child);
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function waitForNats(url: string, child: ChildProcess): Promise<void> {
  const spawnError = new Promise<never>((_, reject) => child.once('error', (error) => reject(new Error(`cannot start nats-server: ${error.message}`))));
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const connection = await Promise.race([connect({ servers: url, timeout: 500 }), spawnError]);
      await connection.close();
      return;
    } catch (error) {
      if ((error as Error).message.startsWith('cannot start')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`nats-server on ${url} did not come up`);
}
