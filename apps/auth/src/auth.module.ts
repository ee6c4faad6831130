import { Module, type DynamicModule } from '@nestjs/common';
import { serviceRootModule } from '@flotilla/common';
import type { AuthConfig } from './auth.config';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from './migrations';

/** Root of the auth service: owns organizations, users, tokens, roles and the quota ledger. */
@Module({})
export class AuthModule {
  static register(config: AuthConfig): DynamicModule {
    return serviceRootModule(AuthModule, 'auth', config, { entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS });
  }
}
