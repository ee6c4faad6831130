/** The NATS services of Flotilla: each owns a Postgres schema of the same name and a queue group. */
export const SERVICE_NAMES = ['auth', 'registry', 'provisioning', 'sync', 'cost'] as const;

/** Name of one NATS-connected Flotilla service. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** True when `name` is one of {@link SERVICE_NAMES}. */
export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}
