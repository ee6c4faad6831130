import { randomBytes } from 'node:crypto';
import { connect, nanos, StorageType, type NatsConnection } from 'nats';
import { inject } from 'vitest';
import type { StreamDefinition } from '@flotilla/contracts';
import { ensureStreams, STREAM_DUPLICATE_WINDOW_MS } from './jetstream.setup';

describe(ensureStreams.name, () => {
  let connection: NatsConnection;
  let definition: StreamDefinition;

  beforeEach(async () => {
    connection = await connect({ servers: inject('natsUrl') });
    const suffix = randomBytes(4).toString('hex');
    definition = { name: `TEST_SETUP_${suffix}`, owner: 'registry', subjects: [`test.${suffix}.created`] };
  });

  afterEach(async () => {
    const jsm = await connection.jetstreamManager();
    await jsm.streams.delete(definition.name).catch(() => undefined);
    await connection.close();
  });

  async function info(name = definition.name) {
    return (await connection.jetstreamManager()).streams.info(name);
  }

  it('creates a missing stream on file storage with a duplicate window', async () => {
    await ensureStreams(connection, [definition]);

    const { config } = await info();
    expect(config.subjects).toEqual(definition.subjects);
    expect(config.storage).toBe(StorageType.File);
    expect(config.duplicate_window).toBe(nanos(STREAM_DUPLICATE_WINDOW_MS));
    expect(config.max_age).toBeGreaterThan(0);
  });

  it('is idempotent: a second call keeps the stream and its messages', async () => {
    await ensureStreams(connection, [definition]);
    await connection.jetstream().publish(definition.subjects[0], new Uint8Array([1]));
    const before = await info();

    await ensureStreams(connection, [definition]);

    const after = await info();
    expect(after.created).toBe(before.created);
    expect(after.state.messages).toBe(1);
  });

  it('updates the subjects of an existing stream when they changed', async () => {
    await ensureStreams(connection, [definition]);
    const changed = { ...definition, subjects: [...definition.subjects, definition.subjects[0].replace('created', 'deleted')] };

    await ensureStreams(connection, [changed]);

    expect((await info()).config.subjects?.sort()).toEqual([...changed.subjects].sort());
  });

  it('survives replicas racing to create the same stream', async () => {
    const others = await Promise.all([1, 2, 3, 4, 5].map(() => connect({ servers: inject('natsUrl') })));
    try {
      await Promise.all([connection, ...others].map((replica) => ensureStreams(replica, [definition])));
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }

    expect((await info()).config.subjects).toEqual(definition.subjects);
  });

  it('updates a stream another replica created, with other subjects, between its check and its create', async () => {
    const otherReplica = { ...definition, subjects: [`${definition.subjects[0]}.v1`] };
    await ensureStreams(connection, [otherReplica]);
    // the first lookup still sees no stream: the other replica created it just after
    const jsm = await connection.jetstreamManager();
    const realInfo = jsm.streams.info.bind(jsm.streams);
    let lookups = 0;
    jsm.streams.info = (name, opts) => (lookups++ === 0 ? Promise.reject(streamNotFound()) : realInfo(name, opts));
    const racing = { jetstreamManager: async () => jsm } as unknown as NatsConnection;

    await ensureStreams(racing, [definition]);

    expect((await info()).config.subjects).toEqual(definition.subjects);
  });
});

function streamNotFound(): Error {
  return Object.assign(new Error('stream not found'), { api_error: { code: 404, err_code: 10059, description: 'stream not found' } });
}
