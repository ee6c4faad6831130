/** Injection token of {@link ClustersOptions}. */
export const CLUSTERS_OPTIONS = Symbol('CLUSTERS_OPTIONS');

/** Settings of the clusters routes. */
export interface ClustersOptions {
  /**
   * How long a request that reaches a cluster (register, test, detect, capacity, fit, credentials)
   * waits for the registry: those talk to API servers, which may be slow or time out themselves.
   */
  clusterRequestTimeoutMs: number;
}
