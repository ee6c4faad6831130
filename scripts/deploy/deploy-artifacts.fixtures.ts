// What the deployment-artifact specs share: the repository root, the apps and their health ports.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(__dirname, '..', '..');
export const APPS = ['gateway', 'auth', 'registry', 'provisioning', 'sync', 'cost', 'kube-sim'] as const;
export const NATS_SERVICES = ['auth', 'registry', 'provisioning', 'sync', 'cost'] as const;
export const HEALTH_PORTS: Record<(typeof NATS_SERVICES)[number], number> = {
  auth: 8081,
  registry: 8082,
  provisioning: 8083,
  sync: 8084,
  cost: 8085,
};

export const read = (file: string): string => readFileSync(join(root, file), 'utf8');
