/**
 * NATS request/reply subjects of the cluster registry (`registry.<entity>.<verb>`), answered by the
 * registry service. Every one authorizes on the caller's identity (`x-flotilla-identity`).
 */
export const REGISTRY_SUBJECTS = {
  /** Registers a cluster (tests its connection and detects its provider on the way). */
  create: 'registry.cluster.create',
  /** Clusters the caller can see, with filters and keyset pagination. */
  list: 'registry.cluster.list',
  /** One cluster. */
  get: 'registry.cluster.get',
  /** Changes name-independent attributes (display name, labels, region, capacity, sharing). */
  update: 'registry.cluster.update',
  /** Deletes a cluster and its credentials. */
  delete: 'registry.cluster.delete',
  /** Tests the connection now and records each step. */
  test: 'registry.cluster.test',
  /** Detects provider and version now, keeping the evidence. */
  detect: 'registry.cluster.detect',
  /** Live capacity per cluster and node beside the declared capacity. */
  capacity: 'registry.cluster.capacity',
  /** Where N replicas of a pod would be placed on one cluster. */
  fit: 'registry.cluster.fit',
  /** Where N replicas of a pod would be placed across every cluster the caller can use. */
  fleetFit: 'registry.fleet.fit',
  /** Replaces a cluster's credentials (owners only). */
  replaceCredentials: 'registry.credentials.replace',
  /** Re-wraps every data key under the active key-encryption key (platform admins). */
  rotateKeys: 'registry.keys.rotate',
} as const;

/** Domain events of the registry (stream FLOTILLA_CLUSTERS). Payload: `ClusterEvent`. */
export const REGISTRY_EVENTS = {
  registered: 'cluster.registered',
  updated: 'cluster.updated',
  deleted: 'cluster.deleted',
  credentialsRotated: 'cluster.credentials-rotated',
} as const;
