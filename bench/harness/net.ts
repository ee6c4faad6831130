export { freePort } from '@flotilla/common';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Status of one GET, or the reason it failed (connection refused, timeout). */
export async function probe(url: string, timeoutMs = 1000): Promise<{ status?: number; error?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (error as Error).message };
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** Checked between attempts: a reason to stop waiting (e.g. the process died). */
  abort?: () => string | undefined;
}

/** Polls `url` until it answers 200; rejects with the last status or error after `timeoutMs`. */
export async function waitForUrl(url: string, { timeoutMs, abort }: WaitOptions): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    const reason = abort?.();
    if (reason) throw new Error(`${reason} while waiting for ${url}`);
    const { status, error } = await probe(url);
    if (status === 200) return;
    last = status ? `HTTP ${status}` : (error ?? 'unknown');
    await sleep(100);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last})`);
}
