import { ServiceConfig } from '@flotilla/common';

/** Configuration of the auth service (tenancy, identity, quota ledger). */
export class AuthConfig extends ServiceConfig {
  override HEALTH_PORT = 8081;
}
