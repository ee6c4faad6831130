import type { ServiceName } from './services';

/** One JetStream stream: the domain events one service publishes (past tense subjects). */
export interface StreamDefinition {
  readonly name: string;
  readonly owner: ServiceName;
  /**
   * Event subjects only. They must never overlap request subjects (`<service>.<entity>.<verb>`):
   * a stream that captured a request would answer it with a publish ack.
   */
  readonly subjects: readonly string[];
}

/** Every event stream of Flotilla, one per owning service. */
export const STREAMS: Readonly<Record<ServiceName, StreamDefinition>> = {
  auth: {
    name: 'FLOTILLA_AUTH',
    owner: 'auth',
    subjects: ['quota.changed', 'identity.organization-created', 'identity.organization-deleted', 'identity.user-deleted', 'identity.token-revoked'],
  },
  registry: {
    name: 'FLOTILLA_CLUSTERS',
    owner: 'registry',
    subjects: ['cluster.registered', 'cluster.updated', 'cluster.deleted', 'cluster.credentials-rotated'],
  },
  provisioning: { name: 'FLOTILLA_WORKLOADS', owner: 'provisioning', subjects: ['workload.>'] },
  sync: { name: 'FLOTILLA_INVENTORY', owner: 'sync', subjects: ['cluster.health.changed', 'inventory.>', 'usage.sampled'] },
  cost: { name: 'FLOTILLA_COST', owner: 'cost', subjects: ['cost.computed', 'budget.exceeded'] },
};
