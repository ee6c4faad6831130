import { Controller, Injectable, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ServiceInfoDto } from '@flotilla/contracts';
import { latestMigration } from '@flotilla/persistence';
import { flotillaVersion } from './version.util';

const startedAt = Date.now();

/** Answers `<service>.system.info`: the service's version and the newest migration in its schema. */
@Injectable()
export class SystemInfoService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async describe(service: string, schema: string): Promise<ServiceInfoDto> {
    return {
      service,
      version: flotillaVersion(),
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      schema,
      latestMigration: await latestMigration(this.dataSource),
    };
  }
}

/** Builds the NATS controller for one service's system subject (subjects are fixed per service). */
export function createSystemInfoController(service: string, subject: string, schema: string): Type<unknown> {
  @Controller()
  class SystemInfoController {
    constructor(private readonly system: SystemInfoService) {}

    @MessagePattern(subject)
    info(): Promise<ServiceInfoDto> {
      return this.system.describe(service, schema);
    }
  }
  return SystemInfoController;
}
