import { Injectable } from '@nestjs/common';
import { SERVICE_NAMES, SYSTEM_INFO_SUBJECTS, type PingRequestDto, type PingResultDto, type ServiceInfoDto, type ServiceName, type ServiceStatusDto, type SystemInfoDto } from '@flotilla/contracts';
import { DomainException, flotillaVersion, NatsRequester, toErrorDto } from '@flotilla/common';

/** Asks the services about themselves over NATS. */
@Injectable()
export class SystemService {
  constructor(private readonly nats: NatsRequester) {}

  /** One service's own answer; a service that is down is a 503/504 error. */
  service(name: ServiceName, timeoutMs?: number): Promise<ServiceInfoDto> {
    return this.nats.request<ServiceInfoDto>(SYSTEM_INFO_SUBJECTS[name], {}, { timeoutMs });
  }

  /** Times one round trip to a service. */
  async ping({ service, timeoutMs }: PingRequestDto): Promise<PingResultDto> {
    const started = performance.now();
    const info = await this.service(service, timeoutMs);
    return { service, version: info.version, roundTripMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  /** Every service at once; those that are down are listed as such, not hidden. */
  async platform(timeoutMs?: number): Promise<SystemInfoDto> {
    const services = await Promise.all(SERVICE_NAMES.map((name) => this.status(name, timeoutMs)));
    return { version: flotillaVersion(), services };
  }

  private async status(name: ServiceName, timeoutMs?: number): Promise<ServiceStatusDto> {
    try {
      const info = await this.service(name, timeoutMs);
      return { service: name, status: 'up', version: info.version, latestMigration: info.latestMigration };
    } catch (error) {
      if (!(error instanceof DomainException)) throw error;
      return { service: name, status: 'down', error: toErrorDto(error) };
    }
  }
}
