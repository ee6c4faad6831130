import { ServiceConfig } from '@flotilla/common';

/** Configuration of the provisioning service. */
export class ProvisioningConfig extends ServiceConfig {
  override HEALTH_PORT = 8083;
}
