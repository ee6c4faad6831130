import { ServiceConfig } from '@flotilla/common';

/** Configuration of the cluster registry. */
export class RegistryConfig extends ServiceConfig {
  override HEALTH_PORT = 8082;
}
