import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { serviceDataSourceOptions } from '@flotilla/persistence';
import type { StreamDefinition } from '@flotilla/contracts';
import { RequestContext } from '../logging/request-context';
import { CreateOutboxTable1732300000000 } from './create-outbox-table.migration';
import { ensureStreams } from './jetstream.setup';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

interface Published {
  subject: string;
  msgId: string | undefined;
  requestId: string | undefined;
  payload: unknown;
}

describe(OutboxRelay.name, () => {
  const writer = new OutboxWriter();
  let dataSource: DataSource;
  let connection: NatsConnection;
  let stream: StreamDefinition;
  let subject: string;
  let schema: string;
  /** Every publish on the subject, duplicates included: the stream's dedupe would hide a double send. */
  let wire: Published[];
  let tap: Subscription;
  const relays: OutboxRelay[] = [];

  beforeEach(async () => {
    const suffix = randomBytes(4).toString('hex');
    schema = `outbox_test_${suffix}`;
    subject = `test.${suffix}.happened`;
    stream = { name: `TEST_OUTBOX_${suffix}`, owner: 'registry', subjects: [subject] };
    const options = await serviceDataSourceOptions({
      url: inject('databaseUrl'),
      schema,
      entities: [OutboxMessage],
      migrations: [CreateOutboxTable1732300000000],
    });
    dataSource = await new DataSource({ ...options, logging: false }).initialize();
    await dataSource.query('CREATE TABLE widgets (id uuid PRIMARY KEY, name text NOT NULL)');
    connection = await connect({ servers: inject('natsUrl') });
    await ensureStreams(connection, [stream]);
    wire = [];
    tap = connection.subscribe(subject, {
      callback: (_error, msg) =>
        wire.push({ subject: msg.subject, msgId: msg.headers?.get('Nats-Msg-Id'), requestId: msg.headers?.get('x-request-id'), payload: msg.json() }),
    });
    await connection.flush();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    tap.unsubscribe();
    await (await connection.jetstreamManager()).streams.delete(stream.name).catch(() => undefined);
    await connection.close();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  function newRelay(options: ConstructorParameters<typeof OutboxRelay>[2] = {}): OutboxRelay {
    const relay = new OutboxRelay(dataSource, connection, options);
    relays.push(relay);
    return relay;
  }

  /** "The change": a widget row, and its event in the same transaction. */
  function createWidget(name: string, fail = false): Promise<string> {
    return dataSource.transaction(async (manager) => {
      const widgetId = randomUUID();
      await manager.query('INSERT INTO widgets (id, name) VALUES ($1, $2)', [widgetId, name]);
      const eventId = await writer.enqueue(manager, { subject, payload: { widgetId, name } });
      if (fail) throw new Error('change failed after enqueue');
      return eventId;
    });
  }

  async function storedMessages(): Promise<Published[]> {
    const jsm = await connection.jetstreamManager();
    const { state } = await jsm.streams.info(stream.name);
    const messages: Published[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage(stream.name, { seq });
      messages.push({ subject: msg.subject, msgId: msg.header.get('Nats-Msg-Id'), requestId: msg.header.get('x-request-id'), payload: msg.json() });
    }
    expect(messages).toHaveLength(state.messages);
    return messages;
  }

  async function unsentCount(): Promise<number> {
    const [row] = await dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
    return row.n;
  }

  async function settleWire(): Promise<void> {
    await connection.flush();
  }

  it('publishes an event exactly once per committed change', async () => {
    const eventId = await RequestContext.run({ requestId: 'req-outbox-1' }, () => createWidget('alpha'));
    const sut = newRelay();

    expect(await sut.flush()).toBe(1);
    expect(await sut.flush()).toBe(0);
    await settleWire();

    const stored = await storedMessages();
    expect(stored).toEqual([{ subject, msgId: eventId, requestId: 'req-outbox-1', payload: { widgetId: expect.any(String), name: 'alpha' } }]);
    expect(wire.map((m) => m.msgId)).toEqual([eventId]);
    const [row] = await dataSource.getRepository(OutboxMessage).findBy({ id: eventId });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.attempts).toBe(1);
  });

  it('publishes nothing for a rolled-back change', async () => {
    await expect(createWidget('beta', true)).rejects.toThrow('change failed after enqueue');
    const sut = newRelay();

    expect(await sut.flush()).toBe(0);
    await settleWire();

    expect(await dataSource.query('SELECT * FROM outbox')).toEqual([]);
    expect(await dataSource.query('SELECT * FROM widgets')).toEqual([]);
    expect(await storedMessages()).toEqual([]);
    expect(wire).toEqual([]);
  });

  it('publishes, after a restart, the events enqueued while the relay was stopped', async () => {
    const first = newRelay({ intervalMs: 10 });
    first.start();
    await first.stop();
    const ids = [await createWidget('one'), await createWidget('two'), await createWidget('three')];
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await unsentCount()).toBe(3);

    const sut = newRelay({ intervalMs: 10 });
    sut.start();

    await vi.waitFor(async () => expect(await unsentCount()).toBe(0), { timeout: 5000, interval: 20 });
    await settleWire();
    expect((await storedMessages()).map((m) => m.msgId)).toEqual(ids);
    expect(wire.map((m) => m.msgId)).toEqual(ids);
  });

  it('marks sent, without a second stored message, an event published before a crash', async () => {
    const eventId = await createWidget('gamma');
    // the crashed relay got as far as publishing, not as far as marking the row sent
    await connection.jetstream().publish(subject, JSON.stringify({ name: 'gamma' }), { msgID: eventId });
    const sut = newRelay();

    expect(await sut.flush()).toBe(1);

    expect(await unsentCount()).toBe(0);
    expect((await storedMessages()).map((m) => m.msgId)).toEqual([eventId]);
  });

  it('does not store twice an event whose sent mark was lost', async () => {
    const eventId = await createWidget('delta');
    const sut = newRelay();
    expect(await sut.flush()).toBe(1);
    await dataSource.query('UPDATE outbox SET sent_at = NULL WHERE id = $1', [eventId]);

    expect(await newRelay().flush()).toBe(1);

    expect(await unsentCount()).toBe(0);
    expect((await storedMessages()).map((m) => m.msgId)).toEqual([eventId]);
  });

  it('never publishes a row twice when two relays drain the same table', async () => {
    const total = 120;
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < total; i++) await writer.enqueue(manager, { subject, payload: { i } });
    });
    const [a, b] = [newRelay({ batchSize: 7 }), newRelay({ batchSize: 7 })];
    const sent = { a: 0, b: 0 };

    for (let round = 0; round < 100 && (await unsentCount()) > 0; round++) {
      const [byA, byB] = await Promise.all([a.flush(), b.flush()]);
      sent.a += byA;
      sent.b += byB;
    }
    await settleWire();

    expect(sent.a).toBeGreaterThan(0);
    expect(sent.b).toBeGreaterThan(0);
    expect(sent.a + sent.b).toBe(total);
    expect(wire).toHaveLength(total);
    expect(new Set(wire.map((m) => m.msgId)).size).toBe(total);
    expect(await storedMessages()).toHaveLength(total);
  });

  it('sends other rows without waiting for rows another replica is holding', async () => {
    const held = await createWidget('held');
    const free = await createWidget('free');
    const sut = newRelay();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const otherReplica = dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [held]);
      locked();
      await released;
    });
    await isLocked;

    try {
      const timedOut = new Promise<string>((resolve) => setTimeout(() => resolve('blocked'), 2000));
      expect(await Promise.race([sut.flush(), timedOut])).toBe(1);
    } finally {
      release();
      await otherReplica;
    }
    expect(await sut.flush()).toBe(1);
    expect((await storedMessages()).map((m) => m.msgId)).toEqual([free, held]);
  });

  it('keeps a failed event unsent, records why, and sends it once the subject has a stream', async () => {
    const eventId = await dataSource.transaction((manager) => writer.enqueue(manager, { subject: `${subject}.orphan`, payload: {} }));
    const sut = newRelay({ publishTimeoutMs: 1000 });

    expect(await sut.flush()).toBe(0);

    const [row] = await dataSource.getRepository(OutboxMessage).findBy({ id: eventId });
    expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.any(String) });
    await ensureStreams(connection, [{ ...stream, subjects: [subject, `${subject}.orphan`] }]);
    expect(await sut.flush()).toBe(1);
  });
});
