import { ServiceConfig } from '@flotilla/common';

/** Configuration of the sync service. */
export class SyncConfig extends ServiceConfig {
  override HEALTH_PORT = 8084;
}
