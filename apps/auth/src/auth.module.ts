import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@flotilla/common';
import { SYSTEM_INFO_SUBJECTS } from '@flotilla/contracts';
import type { AuthConfig } from './auth.config';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from './migrations';

/** Root of the auth service: owns organizations, users, tokens, roles and the quota ledger. */
@Module({})
export class AuthModule {
  static register(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'auth',
          systemInfoSubject: SYSTEM_INFO_SUBJECTS.auth,
          config,
          entities: AUTH_ENTITIES,
          migrations: AUTH_MIGRATIONS,
        }),
      ],
    };
  }
}
