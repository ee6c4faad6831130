import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthenticationGuard } from './authentication/authentication.guard';
import { Authenticator } from './authentication/authenticator';
import { IDENTITY_OPTIONS, type IdentityOptions } from './identity.options';
import { LoginAttemptsLimiter } from './login/login-attempts.limiter';
import { LoginThrottleInterceptor } from './login/login-throttle.interceptor';
import { SessionController } from './login/session.controller';
import { SessionService } from './login/session.service';
import { MeController } from './me/me.controller';
import { MeService } from './me/me.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationsService } from './organizations/organizations.service';
import { TeamsController } from './teams/teams.controller';
import { TeamsService } from './teams/teams.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/**
 * REST routes of the identity context (login, me and my tokens, organizations, teams, users),
 * forwarded to the auth service over NATS, and the global authentication guard of the gateway.
 */
@Module({})
export class IdentityModule {
  static register(options: IdentityOptions): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [SessionController, MeController, OrganizationsController, TeamsController, UsersController],
      providers: [
        { provide: IDENTITY_OPTIONS, useValue: options },
        Authenticator,
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        LoginAttemptsLimiter,
        LoginThrottleInterceptor,
        SessionService,
        MeService,
        OrganizationsService,
        TeamsService,
        UsersService,
      ],
    };
  }
}
