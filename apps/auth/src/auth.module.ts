import { Module, type DynamicModule } from '@nestjs/common';
import { serviceRootModule } from '@flotilla/common';
import type { AuthConfig } from './auth.config';
import { AuditModule } from './audit/audit.module';
import { IdentityModule } from './identity/identity.module';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from './migrations';
import { QuotaModule } from './quota/quota.module';

/** Root of the auth service: owns organizations, users, tokens, roles and the quota ledger. */
@Module({})
export class AuthModule {
  static register(config: AuthConfig): DynamicModule {
    return serviceRootModule(AuthModule, 'auth', config, {
      entities: AUTH_ENTITIES,
      migrations: AUTH_MIGRATIONS,
      contexts: [IdentityModule, QuotaModule, AuditModule],
    });
  }
}
