import { Global, Logger, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import type { StreamDefinition } from '@flotilla/contracts';
import { PersistenceModule } from '@flotilla/persistence';
import { NATS_CONNECTION } from '../nats/nats-connection.provider';
import { CreateOutboxTable1732300000000 } from './create-outbox-table.migration';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxModule } from './outbox.module';
import { OutboxWriter } from './outbox.writer';

describe(OutboxModule.name, () => {
  let connection: NatsConnection;
  let app: INestApplicationContext;
  let stream: StreamDefinition;

  beforeEach(async () => {
    const suffix = randomBytes(4).toString('hex');
    stream = { name: `TEST_OUTBOX_MODULE_${suffix}`, owner: 'registry', subjects: [`test.${suffix}.happened`] };
    connection = await connect({ servers: inject('natsUrl') });
    const conn = connection;

    @Global()
    @Module({ providers: [{ provide: NATS_CONNECTION, useValue: conn }], exports: [NATS_CONNECTION] })
    class FakeCoreModule {}

    @Module({
      imports: [
        FakeCoreModule,
        PersistenceModule.forService({
          url: inject('databaseUrl'),
          schema: `outbox_module_test_${suffix}`,
          entities: [OutboxMessage],
          migrations: [CreateOutboxTable1732300000000],
        }),
        OutboxModule.forService(stream, { intervalMs: 10 }),
      ],
    })
    class ServiceModule {}

    app = await NestFactory.createApplicationContext(ServiceModule, { logger: false });
  });

  afterEach(async () => {
    await app?.close();
    await (await connection.jetstreamManager()).streams.delete(stream.name).catch(() => undefined);
    await connection.close();
  });

  it('creates the stream at bootstrap and relays what the exported writer enqueues', async () => {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const writer = app.get(OutboxWriter);
    const jsm = await connection.jetstreamManager();

    const id = await dataSource.transaction((manager) => writer.enqueue(manager, { subject: stream.subjects[0], payload: { ok: true } }));

    await vi.waitFor(async () => expect((await jsm.streams.info(stream.name)).state.messages).toBe(1), { timeout: 5000, interval: 20 });
    const stored = await jsm.streams.getMessage(stream.name, { seq: 1 });
    expect(stored.header.get('Nats-Msg-Id')).toBe(id);
    expect(stored.json()).toEqual({ ok: true });
  });

  it('stops the relay before the database closes at shutdown', async () => {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await dataSource.transaction((manager) => app.get(OutboxWriter).enqueue(manager, { subject: stream.subjects[0], payload: {} }));
    const errors = vi.spyOn(Logger.prototype, 'error');

    await app.close();
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(dataSource.isInitialized).toBe(false);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
