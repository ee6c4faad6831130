// Faults a client sees on the wire: an unreachable cluster (its connections reset), API latency, a
// seeded rate of 5xx/429 Status answers as kube-apiserver sends them, and open watches cut.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Faults injected into one cluster's API (the control API's view). */
export interface ClusterFaults {
  /** Every connection to the cluster is reset (TCP RST), open watches included; no HTTP answer. */
  unreachable: boolean;
  /** Wall-clock delay before every answer. */
  latencyMs: number;
  /** Probability (0..1) that a request is answered with an error Status instead. */
  errorRate: number;
  /** The codes those errors take, drawn in turn from the seeded generator. */
  errorCodes: ErrorCode[];
  /** Seed of the generator: the same seed and the same requests give the same failures. */
  errorSeed: string;
}

/** Error codes the error-rate fault answers with. */
export const ERROR_CODES = [429, 500, 503, 504] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A cluster without faults. */
export function noFaults(): ClusterFaults {
  return { unreachable: false, latencyMs: 0, errorRate: 0, errorCodes: [500, 503], errorSeed: 'kube-sim' };
}

/** Status bodies as kube-apiserver writes them for each code. */
const STATUS_OF: Record<ErrorCode, { reason: string; message: string; details?: Record<string, unknown> }> = {
  429: { reason: 'TooManyRequests', message: 'the server has received too many requests and has asked us to try again later', details: { retryAfterSeconds: 1 } },
  500: { reason: 'InternalError', message: 'Internal error occurred: injected fault (kube-sim error rate)', details: { causes: [{ message: 'injected fault (kube-sim error rate)' }] } },
  503: { reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' },
  504: { reason: 'Timeout', message: 'Timeout: request did not complete within the allotted timeout' },
};

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
function generator(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How a cut ends open watches: a clean end of the stream, or a reset connection. */
export type CutMode = 'close' | 'reset';

const isWatch = (url: string) => /[?&]watch=(1|t|true)(&|$)/i.test(url) || /\/watch\//.test(url.split('?')[0]);

/** Resets the TCP connection under a request (RST where the platform allows it, else a plain close). */
export function resetConnection(socket: Socket): void {
  const raw = (socket as Socket & { _parent?: Socket })._parent ?? socket;
  try {
    // the TLS socket goes with its parent; destroying it here too would leave Node's HTTP server a
    // connection without a socket, and server.close() would then throw
    raw.resetAndDestroy();
  } catch {
    raw.destroy();
    socket.destroy();
  }
}

/** The faults of one cluster as applied to its requests: the seeded generator and the open watches. */
export class FaultInjector {
  private random: () => number;
  private readonly watches = new Set<ServerResponse>();

  /** `faults` is read at every request (tests may flip a field directly). */
  constructor(private readonly faults: () => ClusterFaults) {
    this.random = generator(faults().errorSeed);
  }

  /** Restarts the generator from the seed in force; an unreachable cluster drops its open watches. */
  changed(): void {
    this.random = generator(this.faults().errorSeed);
    if (this.faults().unreachable) this.cutWatches('reset');
  }

  /**
   * Applies the faults to one request before it is served; true when the request was answered (an
   * error Status) or dropped (unreachable), false when it should be served.
   */
  async intercept(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const faults = this.faults();
    if (faults.unreachable) {
      resetConnection(req.socket);
      return true;
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.errorRate > 0 && this.random() < faults.errorRate) {
      this.sendError(res, faults.errorCodes);
      return true;
    }
    if (isWatch(req.url ?? '')) this.track(res);
    return false;
  }

  /** Ends every open watch of the cluster; returns how many there were. */
  cutWatches(mode: CutMode): number {
    const open = [...this.watches];
    this.watches.clear();
    for (const res of open) {
      if (mode === 'reset' && res.socket) resetConnection(res.socket as Socket);
      else if (!res.writableEnded) res.end();
    }
    return open.length;
  }

  private track(res: ServerResponse): void {
    this.watches.add(res);
    res.once('close', () => this.watches.delete(res));
  }

  private sendError(res: ServerResponse, codes: ErrorCode[]): void {
    const code = codes[Math.floor(this.random() * codes.length)] ?? 500;
    const { reason, message, details } = STATUS_OF[code];
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (code === 429) headers['retry-after'] = '1';
    const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
    res.writeHead(code, headers).end(JSON.stringify(body));
  }
}

const injectors = new WeakMap<object, FaultInjector>();

/** The fault injector of a cluster (made on first use), reading `cluster.faults` live. */
export function faultInjectorOf(cluster: { faults: ClusterFaults }): FaultInjector {
  let injector = injectors.get(cluster);
  if (!injector) {
    injector = new FaultInjector(() => cluster.faults);
    injectors.set(cluster, injector);
  }
  return injector;
}
