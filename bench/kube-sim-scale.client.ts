// The HTTPS client of the kube-sim scale benchmark: keep-alive requests verified against kube-sim's
// CA, a bounded pool of concurrent requests, and raw watch streams that count their events.
import { Agent, request, type RequestOptions } from 'node:https';

/** One answer: status and raw body. */
export interface Answer {
  status: number;
  body: Buffer;
}

/** Requests to one kube-sim over a keep-alive agent. */
export class SimClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly ca: string,
    concurrency: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca });
  }

  /** One request; `token` as bearer; `body` as JSON unless a Buffer/string. */
  call(method: string, path: string, init: { token?: string; body?: unknown; contentType?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const payload = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    if (payload !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    return new Promise((resolve, reject) => {
      const req = request(`${this.baseUrl}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * Like call, but fails unless the status is 2xx. A keep-alive socket the server closed as idle just
   * as it was reused fails with ECONNRESET before the request was read: that one is sent again.
   */
  async ok(method: string, path: string, init: { token?: string; body?: unknown; contentType?: string } = {}): Promise<Answer> {
    const answer = await this.call(method, path, init).catch((error: { code?: string }) => {
      if (error.code === 'ECONNRESET') return this.call(method, path, init);
      throw error;
    });
    if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${path}: HTTP ${answer.status} ${answer.body.toString().slice(0, 300)}`);
    return answer;
  }

  /** Opens a watch (own connection) and counts its newline-delimited events; `stop` closes it. */
  watch(path: string, token: string): Promise<{ count: () => number; stop: () => void }> {
    const options: RequestOptions = { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, agent: false, ca: this.ca };
    return new Promise((resolve, reject) => {
      let events = 0;
      const req = request(`${this.baseUrl}${path}`, options, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
        res.on('data', (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 10) events++;
        });
        resolve({ count: () => events, stop: () => req.destroy() });
      });
      req.on('error', (error) => (events < 0 ? undefined : reject(error)));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; resolves with the elapsed ms. */
export async function runPool(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - started;
}

/** The q-quantile (0..1) of values, nearest rank. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
