import { Module } from '@nestjs/common';
import { BootstrapRepository } from './bootstrap/bootstrap.repository';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { SettingsRepository } from './bootstrap/settings.repository';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationsRepository } from './organizations/organizations.repository';
import { OrganizationsService } from './organizations/organizations.service';
import { AccessTokens } from './sessions/access-tokens';
import { AuthenticationService } from './sessions/authentication.service';
import { LoginService } from './sessions/login.service';
import { MeService } from './sessions/me.service';
import { SessionsController } from './sessions/sessions.controller';
import { IdentityTransactions } from './shared/identity.transactions';
import { OrgScope } from './shared/org-scope';
import { TeamsController } from './teams/teams.controller';
import { TeamsRepository } from './teams/teams.repository';
import { TeamsService } from './teams/teams.service';
import { TokenUsageRecorder } from './tokens/token-usage.recorder';
import { TokensController } from './tokens/tokens.controller';
import { TokensRepository } from './tokens/tokens.repository';
import { TokensService } from './tokens/tokens.service';
import { PasswordHasher } from './users/password.hasher';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/**
 * The identity bounded context of the auth service: organizations, teams, users, API tokens, password
 * login and access tokens, and the first platform admin. Answers `auth.*` identity subjects over NATS
 * and authorizes every one on the caller's identity.
 */
@Module({
  controllers: [SessionsController, OrganizationsController, TeamsController, UsersController, TokensController],
  providers: [
    IdentityTransactions,
    OrgScope,
    OrganizationsRepository,
    OrganizationsService,
    TeamsRepository,
    TeamsService,
    UsersRepository,
    UsersService,
    PasswordHasher,
    TokensRepository,
    TokensService,
    TokenUsageRecorder,
    SettingsRepository,
    AccessTokens,
    AuthenticationService,
    LoginService,
    MeService,
    BootstrapRepository,
    BootstrapService,
  ],
})
export class IdentityModule {}
