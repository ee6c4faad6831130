import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

import type { IdentityDto } from '@flotilla/contracts';

/** What follows one user request through the gateway, NATS and every service. */
export interface RequestContextData {
  readonly requestId: string;
  /** The authenticated caller; set once by the gateway's authentication, or from the NATS header. */
  identity?: IdentityDto;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/** Ambient request context, so NATS calls and log lines carry the request id without threading it by hand. */
export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  /** The caller of the current request, if it was authenticated. */
  identity(): IdentityDto | undefined {
    return storage.getStore()?.identity;
  },
  /** The current request id, or a fresh one for work that no request started (timers, relays). */
  requestId(): string {
    return storage.getStore()?.requestId ?? randomUUID();
  },
};

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's request id only when it is short and plain, else makes a new one (no log injection). */
export function acceptRequestId(candidate: unknown): string {
  return typeof candidate === 'string' && REQUEST_ID_PATTERN.test(candidate) ? candidate : randomUUID();
}
