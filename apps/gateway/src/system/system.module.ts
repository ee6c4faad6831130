import { Module } from '@nestjs/common';
import { SystemController } from './system.controller';
import { SystemService } from './system.service';

/** /api/v1/system: what is running, answered by the services themselves. */
@Module({ controllers: [SystemController], providers: [SystemService], exports: [SystemService] })
export class SystemModule {}
