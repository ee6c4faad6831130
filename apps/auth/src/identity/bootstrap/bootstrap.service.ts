import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Role, TokenScope } from '@flotilla/contracts';
import { APP_CONFIG } from '@flotilla/common';
import type { AuthConfig } from '../../auth.config';
import { TokenCodec } from '../tokens/token.codec';
import { BootstrapRepository, type BootstrapOutcome } from './bootstrap.repository';

/** Username of the platform admin created on first start. */
export const BOOTSTRAP_ADMIN = 'admin';

/**
 * First start with an empty database: creates the platform admin `admin` and a read+write API token
 * for it, either FLOTILLA_BOOTSTRAP_TOKEN or a random one printed once on stdout. The token goes to
 * stdout directly, never through the JSON logger, so that it does not end up in log aggregation.
 *
 * On later starts, a FLOTILLA_BOOTSTRAP_TOKEN that `admin` does not hold yet is added to it (creating
 * `admin` if it is missing): an operator's way back in, and what lets automation set the token before
 * or after the first start. One that exists already, even revoked, is left alone: revoking it sticks.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AuthConfig,
    private readonly repository: BootstrapRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.FLOTILLA_BOOTSTRAP_TOKEN;
    const token = configured ?? TokenCodec.generate();
    const userId = randomUUID();
    const outcome = await this.repository.bootstrap(
      { id: userId, orgId: null, username: BOOTSTRAP_ADMIN, email: null, displayName: 'Platform admin', role: Role.PlatformAdmin, passwordHash: null },
      {
        id: randomUUID(),
        userId,
        name: configured ? 'bootstrap (FLOTILLA_BOOTSTRAP_TOKEN)' : 'bootstrap',
        scopes: [TokenScope.Read, TokenScope.Write],
        tokenHash: TokenCodec.hash(token),
        prefix: TokenCodec.displayPrefix(token),
        expiresAt: null,
      },
      configured !== undefined,
    );
    this.report(outcome, configured !== undefined, token);
  }

  private report(outcome: BootstrapOutcome, configured: boolean, token: string): void {
    if (outcome === 'added-token') this.logger.log(`installed FLOTILLA_BOOTSTRAP_TOKEN as an API token of "${BOOTSTRAP_ADMIN}"`);
    if (outcome !== 'created-admin') return;
    const source = configured ? 'the token given in FLOTILLA_BOOTSTRAP_TOKEN' : 'a one-time API token printed on stdout';
    this.logger.log(`created the platform admin "${BOOTSTRAP_ADMIN}" with ${source}`);
    if (!configured) process.stdout.write(bootstrapBanner(token));
  }
}

/** The lines that hand the generated token to the operator, once. */
export function bootstrapBanner(token: string): string {
  const rule = '='.repeat(100);
  return [
    rule,
    `FLOTILLA BOOTSTRAP: platform admin "${BOOTSTRAP_ADMIN}" created. Its API token (shown only now, stored hashed):`,
    `FLOTILLA BOOTSTRAP TOKEN: ${token}`,
    'Use it as "Authorization: Bearer <token>", e.g. curl -H "Authorization: Bearer <token>" http://127.0.0.1:8080/api/v1/me',
    'Create your own tokens with POST /api/v1/me/tokens, then revoke this one (DELETE /api/v1/me/tokens/{id}).',
    rule,
    '',
  ].join('\n');
}
