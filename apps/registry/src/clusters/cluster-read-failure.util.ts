import { KubeAccessError, KubeRequestError } from '@flotilla/kube';
import { ClustersException } from './clusters.exception';

/**
 * CLUSTER_UNREACHABLE for a cluster that could not be read (refused, DNS, TLS, timeout, 401, 403),
 * with the reason libs/kube sorted it into; anything else (a defect) is rethrown as it is.
 */
export function unreachable(cluster: { id: string; name: string }, what: string, error: unknown): ClustersException {
  if (error instanceof KubeRequestError || error instanceof KubeAccessError) {
    return ClustersException.unreachable(cluster.id, `cluster ${cluster.name} could not be read to ${what}: ${error.message}`, error.reason);
  }
  throw error;
}

/** Null when the cluster could not be read (as {@link unreachable} sorts it); defects are rethrown. */
export function nullWhenUnreadable(error: unknown): null {
  if (error instanceof KubeRequestError || error instanceof KubeAccessError) return null;
  throw error;
}
