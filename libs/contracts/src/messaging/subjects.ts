import type { ServiceName } from './services';

/**
 * NATS request/reply subjects, `<service>.<entity>.<verb>`. Every service answers `system.info`
 * (its version and the state of its schema): the gateway uses it for /api/v1/system and /health.
 */
export const SYSTEM_INFO_SUBJECTS: Readonly<Record<ServiceName, string>> = {
  auth: 'auth.system.info',
  registry: 'registry.system.info',
  provisioning: 'provisioning.system.info',
  sync: 'sync.system.info',
  cost: 'cost.system.info',
};
