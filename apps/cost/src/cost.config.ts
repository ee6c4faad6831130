import { ServiceConfig } from '@flotilla/common';

/** Configuration of the cost service. */
export class CostConfig extends ServiceConfig {
  override HEALTH_PORT = 8085;
}
