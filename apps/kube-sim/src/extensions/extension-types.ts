// The resource types served outside the generic object machinery (computed or virtual resources), as
// discovery lists them.
import type { ResourceType } from '../apiserver/resource-types';

type Spec = [group: string, version: string, kind: string, plural: string, namespaced: boolean, verbs: string[]];

const type = ([group, version, kind, plural, namespaced, verbs]: Spec): ResourceType => ({
  group,
  version,
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  verbs,
});

/** metrics.k8s.io NodeMetrics (nodes). */
export const NODE_METRICS = type(['metrics.k8s.io', 'v1beta1', 'NodeMetrics', 'nodes', false, ['get', 'list']]);
/** metrics.k8s.io PodMetrics (pods). */
export const POD_METRICS = type(['metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', true, ['get', 'list']]);

/** Every extension resource type, for discovery. */
export function extensionResourceTypes(): ResourceType[] {
  return [
    NODE_METRICS,
    POD_METRICS,
    type(['authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, ['create']]),
    type(['authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, ['create']]),
    type(['authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, ['create']]),
  ];
}
