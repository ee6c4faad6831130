// Smoke test of the bench harness: autocannon wrapper figures and the child-process helpers, against
// tiny local servers. Sanity only: no wall-clock figure is asserted.
import { createServer, type Server } from 'node:http';
import { combineResults, fixedRate, formatTable, freePort, loadProblem, maxThroughput, percentile, ratio, startApp } from './index';

function listen(handler: (status: number) => number): Promise<{ server: Server; url: string }> {
  let served = 0;
  const server = createServer((_req, res) => {
    res.statusCode = handler(++served);
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ server, url: `http://127.0.0.1:${port}/` });
  }));
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('bench harness', () => {
  it('measures max throughput: requests, ordered percentiles, no failures', async () => {
    const { server, url } = await listen(() => 200);
    try {
      const result = await maxThroughput(url, { durationSeconds: 1 }, 4);
      expect(result.ok).toBeGreaterThan(0);
      expect(result.requestsPerSecond).toBeGreaterThan(0);
      expect(result.samplesMs).toHaveLength(result.ok);
      expect(result.p50Ms).toBeGreaterThan(0);
      expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
      expect(result.maxMs).toBeGreaterThanOrEqual(result.p99Ms);
      expect(result.autocannonP99Ms).toBeGreaterThanOrEqual(result.autocannonP50Ms);
      expect([result.non2xx, result.errors]).toEqual([0, 0]);
      expect(loadProblem(result)).toBeUndefined();
    } finally {
      await close(server);
    }
  });

  it('counts non-2xx answers and keeps their latencies out of the percentiles', async () => {
    const { server, url } = await listen((n) => (n % 2 === 0 ? 500 : 200));
    try {
      const result = await maxThroughput(url, { durationSeconds: 1 }, 2);
      expect(result.non2xx).toBeGreaterThan(0);
      expect(result.ok).toBeGreaterThan(0);
      expect(result.samplesMs).toHaveLength(result.ok);
      expect(loadProblem(result)).toMatch(/non-2xx/);
    } finally {
      await close(server);
    }
  });

  it('holds a fixed rate and reports a connection error as a problem', async () => {
    const { server, url } = await listen(() => 200);
    try {
      const result = await fixedRate(url, 50, { durationSeconds: 1 }, 5);
      expect(result.mode).toBe('rate');
      expect(result.ok).toBeGreaterThan(0);
      expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    } finally {
      await close(server);
    }
    const refused = await maxThroughput(`http://127.0.0.1:${await freePort()}/`, { durationSeconds: 1 }, 1);
    expect(refused.errors).toBeGreaterThan(0);
    expect(loadProblem(refused)).toBeDefined();
  });

  it('pools runs and computes percentiles and ratios', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 99)).toBe(0);
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeNaN();
    const run = { samplesMs: [1, 3], requestsPerSecond: 10, ok: 2, non2xx: 0, errors: 0, timeouts: 0, warmupFailures: 0, durationSeconds: 1 };
    const pooled = combineResults([{ ...run } as never, { ...run, samplesMs: [2, 4], requestsPerSecond: 30 } as never]);
    expect(pooled).toMatchObject({ requestsPerSecond: 20, ok: 4, durationSeconds: 2, samplesMs: [1, 2, 3, 4], p50Ms: 2 });
    expect(formatTable(['a', 'b'], [['x', '1'], ['yy', '22']]).split('\n')).toEqual(['a    b', '--  --', 'x    1', 'yy  22']);
  });

  it('starts a child process, waits for its URL, and stops it with SIGTERM', async () => {
    const port = await freePort();
    const script = `require('node:http').createServer((q, s) => s.end('up')).listen(${port}, '127.0.0.1'); process.on('SIGTERM', () => process.exit(0));`;
    const app = await startApp({ name: 'tiny', args: ['-e', script], readyUrls: [`http://127.0.0.1:${port}/`], readyTimeoutMs: 10_000 });
    expect(app.alive()).toBe(true);
    await app.stop();
    expect(app.alive()).toBe(false);
  });

  it('reports a child that dies before it is ready, with its output', async () => {
    const port = await freePort();
    const start = startApp({ name: 'broken', args: ['-e', 'console.error("boom"); process.exit(3)'], readyUrls: [`http://127.0.0.1:${port}/`] });
    await expect(start).rejects.toThrow(/broken exited with code 3[\s\S]*boom/);
  });
});
