import { randomUUID } from 'node:crypto';
import type { Counter } from 'prom-client';
import type { AuditEventDto } from '@flotilla/contracts';
import { auditDropped } from './audit.metrics';
import { AuditPublisher, DEFAULT_AUDIT_PUBLISHER_OPTIONS, type AuditPublisherOptions } from './audit.publisher';
import { AuditSink } from './audit.sink';

class FakeSink extends AuditSink {
  published: string[] = [];
  down = false;
  attempts = 0;

  async publish(event: AuditEventDto): Promise<void> {
    this.attempts += 1;
    if (this.down) throw new Error('NATS is unreachable');
    this.published.push(event.id);
  }
}

function event(occurredAt = new Date().toISOString()): AuditEventDto {
  return { id: randomUUID(), occurredAt } as AuditEventDto;
}

async function dropped(reason: string): Promise<number> {
  const values = (await (auditDropped as Counter<'reason'>).get()).values;
  return values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

describe(AuditPublisher.name, () => {
  let sink: FakeSink;
  const make = (options: Partial<AuditPublisherOptions> = {}) =>
    new AuditPublisher(sink, { ...DEFAULT_AUDIT_PUBLISHER_OPTIONS, retryDelayMs: 5, maxRetryDelayMs: 20, ...options });

  beforeEach(() => {
    sink = new FakeSink();
  });

  it('publishes in the background, in order', async () => {
    const sut = make({ batchSize: 2 });
    const events = [event(), event(), event()];
    events.forEach((e) => sut.enqueue(e));
    expect(await sut.flush(1_000)).toBe(0);
    expect(sink.published).toEqual(events.map((e) => e.id));
  });

  it('keeps records while the sink is down and delivers them, once each, when it is back', async () => {
    const sut = make();
    sink.down = true;
    const events = [event(), event()];
    events.forEach((e) => sut.enqueue(e));
    await vi.waitFor(() => expect(sink.attempts).toBeGreaterThanOrEqual(6));
    expect(sut.pending).toBe(2);
    sink.down = false;
    await vi.waitFor(() => expect(sink.published).toEqual(events.map((e) => e.id)));
    expect(sut.pending).toBe(0);
  });

  it('counts what a full queue refuses', async () => {
    const sut = make({ capacity: 2 });
    sink.down = true;
    const before = await dropped('queue_full');
    [event(), event(), event()].forEach((e) => sut.enqueue(e));
    expect(await dropped('queue_full')).toBe(before + 1);
    await sut.onApplicationShutdown();
  });

  it('gives up on a record too old to matter, and counts it', async () => {
    const sut = make({ maxAgeMs: 60_000 });
    sink.down = true;
    const before = await dropped('expired');
    sut.enqueue(event(new Date(Date.now() - 120_000).toISOString()));
    await vi.waitFor(async () => expect(await dropped('expired')).toBe(before + 1));
    expect(sut.pending).toBe(0);
  });

  it('at shutdown drains what it can and counts the rest as lost', async () => {
    const sut = make({ shutdownFlushMs: 50 });
    sut.enqueue(event());
    await sut.beforeApplicationShutdown();
    expect(sink.published).toHaveLength(1);

    sink.down = true;
    const before = await dropped('shutdown');
    sut.enqueue(event());
    await sut.beforeApplicationShutdown();
    await sut.onApplicationShutdown();
    expect(await dropped('shutdown')).toBe(before + 1);
  });
});
