import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, type MicroserviceOptions } from '@nestjs/microservices';
import { connect, JSONCodec, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { GracefulNatsServer } from './graceful-nats.server';
import { InFlightTracker } from './in-flight.tracker';
import { NatsMessageInterceptor } from './nats-message.interceptor';

const subject = `test.${randomUUID().slice(0, 8)}.slow`;
const codec = JSONCodec();

@Controller()
class SlowController {
  @MessagePattern(subject)
  async slow(payload: { ms: number }): Promise<{ done: true }> {
    await new Promise((resolve) => setTimeout(resolve, payload.ms));
    return { done: true };
  }
}

@Module({ controllers: [SlowController], providers: [InFlightTracker, NatsMessageInterceptor] })
class SlowModule {}

/** Speaks Nest's NATS wire format: `{ pattern, data, id }` in, `{ response | err }` out. */
async function ask(nats: NatsConnection, ms: number, timeout = 5_000) {
  const reply = await nats.request(subject, codec.encode({ pattern: subject, data: { ms }, id: randomUUID() }), { timeout });
  return codec.decode(reply.data) as { response?: unknown; err?: unknown };
}

describe(GracefulNatsServer.name, () => {
  let nats: NatsConnection;

  beforeAll(async () => {
    nats = await connect({ servers: inject('natsUrl') });
  });
  afterAll(() => nats.close());

  async function startServer(drainTimeoutMs: number) {
    const tracker = new InFlightTracker();
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(
      SlowModule,
      { strategy: new GracefulNatsServer({ servers: inject('natsUrl'), queue: 'slow' }, tracker, drainTimeoutMs), logger: false },
    );
    app.useGlobalInterceptors(new NatsMessageInterceptor(tracker));
    await app.listen();
    // the subscription reaches the NATS server asynchronously: wait until the server answers
    await vi.waitFor(() => ask(nats, 0, 200), { timeout: 5_000, interval: 50 });
    return { app, tracker };
  }

  it('finishes in-flight messages before closing, then takes no new ones', async () => {
    const { app, tracker } = await startServer(5_000);
    const inFlight = ask(nats, 400);
    await vi.waitFor(() => expect(tracker.inFlight).toBe(1));

    await app.close();

    await expect(inFlight).resolves.toEqual(expect.objectContaining({ response: { done: true } }));
    await expect(ask(nats, 0)).rejects.toThrow(/503|no responders/i);
  });

  it('gives up waiting after the drain timeout so a stuck handler cannot block shutdown forever', async () => {
    const { app, tracker } = await startServer(100);
    const stuck = ask(nats, 3_000, 1_000).catch((error: Error) => error);
    await vi.waitFor(() => expect(tracker.inFlight).toBe(1));

    await app.close();

    expect(tracker.inFlight).toBe(1);
    await expect(stuck).resolves.toBeInstanceOf(Error);
  });
});
