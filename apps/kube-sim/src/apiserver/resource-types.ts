import type { ScalePaths } from './custom-scale';
import type { PrinterColumn } from './printer-columns';

/** One served resource, as discovery lists it and the API machinery routes it. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  subresources?: string[];
  categories?: string[];
  /** A custom resource version's additionalPrinterColumns (kubectl get's columns after NAME). */
  printerColumns?: PrinterColumn[];
  /** A custom resource version's scale subresource paths. */
  scale?: ScalePaths;
}

/** Every verb a generically served resource supports. */
export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

type Spec = [kind: string, plural: string, namespaced: boolean, shortNames?: string[], subresources?: string[], categories?: string[]];

const ALL = ['all'];

const CORE: Spec[] = [
  ['Namespace', 'namespaces', false, ['ns'], ['status', 'finalize']],
  ['Node', 'nodes', false, ['no'], ['status']],
  ['Pod', 'pods', true, ['po'], ['status', 'log', 'binding', 'eviction'], ALL],
  ['Service', 'services', true, ['svc'], ['status'], ALL],
  ['Endpoints', 'endpoints', true, ['ep']],
  ['ConfigMap', 'configmaps', true, ['cm']],
  ['Secret', 'secrets', true],
  ['ServiceAccount', 'serviceaccounts', true, ['sa'], ['token']],
  ['PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc'], ['status']],
  ['PersistentVolume', 'persistentvolumes', false, ['pv'], ['status']],
  ['ResourceQuota', 'resourcequotas', true, ['quota'], ['status']],
  ['LimitRange', 'limitranges', true, ['limits']],
  ['Event', 'events', true, ['ev']],
];

const APPS: Spec[] = [
  ['Deployment', 'deployments', true, ['deploy'], ['status', 'scale'], ALL],
  ['ReplicaSet', 'replicasets', true, ['rs'], ['status', 'scale'], ALL],
  ['StatefulSet', 'statefulsets', true, ['sts'], ['status', 'scale'], ALL],
  ['DaemonSet', 'daemonsets', true, ['ds'], ['status'], ALL],
];

const RBAC: Spec[] = [
  ['Role', 'roles', true],
  ['RoleBinding', 'rolebindings', true],
  ['ClusterRole', 'clusterroles', false],
  ['ClusterRoleBinding', 'clusterrolebindings', false],
];

function build(group: string, version: string, specs: Spec[]): ResourceType[] {
  return specs.map(([kind, plural, namespaced, shortNames, subresources, categories]) => {
    const type: ResourceType = { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, verbs: ALL_VERBS };
    if (shortNames) type.shortNames = shortNames;
    if (subresources) type.subresources = subresources;
    if (categories) type.categories = categories;
    return type;
  });
}

/** The built-in resources every simulated cluster serves. */
export function builtinResourceTypes(): ResourceType[] {
  return [
    ...build('', 'v1', CORE),
    ...build('apps', 'v1', APPS),
    ...build('coordination.k8s.io', 'v1', [['Lease', 'leases', true]]),
    ...build('rbac.authorization.k8s.io', 'v1', RBAC),
    ...build('networking.k8s.io', 'v1', [['NetworkPolicy', 'networkpolicies', true, ['netpol']]]),
    ...build('apiextensions.k8s.io', 'v1', [['CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds'], ['status'], ['api-extensions']]]),
  ];
}

/** "v1" or "apps/v1". */
export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** The storage key of a type: plural plus group ("pods", "deployments.apps"). */
export function typeKey(rt: ResourceType): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** Whether the type has the given subresource. */
export function hasSubresource(rt: ResourceType, name: string): boolean {
  return rt.subresources?.includes(name) ?? false;
}
