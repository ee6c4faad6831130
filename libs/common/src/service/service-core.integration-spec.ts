import { Controller, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ErrorCode } from '@flotilla/contracts';
import { loadConfig } from '../config/config.loader';
import { ServiceConfig } from '../config/service.config';
import { DomainException } from '../errors/domain.exception';
import { RequestContext } from '../logging/request-context';
import { NatsRequester } from '../nats/nats-requester';
import { bootstrapService, type StartedService } from './bootstrap-service';
import { serviceRootModule } from './service-root';

const prefix = `test.${randomUUID().slice(0, 8)}`;

@Controller()
class ProbeController {
  @MessagePattern(`${prefix}.missing`)
  missing(): never {
    throw new DomainException(ErrorCode.NotFound, 'cluster c-1 not found', { id: 'c-1' });
  }

  @MessagePattern(`${prefix}.broken`)
  broken(): never {
    throw new Error('secret internals: password=hunter2');
  }

  @MessagePattern(`${prefix}.whoami`)
  whoami(): { requestId?: string } {
    return { requestId: RequestContext.current()?.requestId };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

@Module({})
class ProbeServiceRoot {}

/** A real service (common core + one test context) answering over NATS, asked through NatsRequester. */
describe('service core over NATS', () => {
  let service: StartedService;
  let nats: NatsConnection;
  let sut: NatsRequester;

  beforeAll(async () => {
    const config = loadConfig(ServiceConfig, { NATS_URL: inject('natsUrl'), DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'silent' });
    service = await bootstrapService(serviceRootModule(ProbeServiceRoot, 'cost', config, { entities: [], migrations: [], contexts: [ProbeModule] }), 'cost', config, {
      handleSignals: false,
    });
    nats = await connect({ servers: inject('natsUrl') });
    sut = new NatsRequester(nats, 2_000);
  });

  afterAll(async () => {
    await service?.app.close();
    await nats?.close();
  });

  it('a typed domain error crosses NATS as data, code and details intact', async () => {
    const failure = await sut.request(`${prefix}.missing`, {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainException);
    expect((failure as DomainException).toDto()).toEqual({ code: 'NOT_FOUND', message: 'cluster c-1 not found', details: { id: 'c-1' } });
  });

  it('an unexpected error arrives as INTERNAL without its message or stack', async () => {
    const failure = (await sut.request(`${prefix}.broken`, {}).catch((error: unknown) => error)) as DomainException;
    expect(failure.toDto()).toEqual({ code: 'INTERNAL', message: 'Internal error' });
  });

  it('the caller’s request id is the handler’s request context', async () => {
    const answer = await RequestContext.run({ requestId: 'req-from-gateway' }, () => sut.request<{ requestId?: string }>(`${prefix}.whoami`, {}));
    expect(answer.requestId).toBe('req-from-gateway');
  });

  it('counts handled messages in its Prometheus metrics', async () => {
    await sut.request(`${prefix}.whoami`, {});
    const metrics = await (await fetch(service.healthUrl.replace(/\/health$/, '/metrics'))).text();
    expect(metrics).toMatch(new RegExp(`flotilla_nats_handler_duration_seconds_count\\{[^}]*subject="${prefix}\\.whoami"[^}]*outcome="ok"`));
  });
});
