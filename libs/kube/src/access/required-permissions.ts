// What Flotilla must be allowed to do on a cluster it provisions to, checked by SelfSubjectAccessReview.

/** One verb on one resource, as a SelfSubjectAccessReview asks it. */
export interface RequiredPermission {
  verb: string;
  /** API group; '' for the core group. */
  group: string;
  resource: string;
}

function each(verbs: string[], group: string, resources: string[]): RequiredPermission[] {
  return verbs.flatMap((verb) => resources.map((resource) => ({ verb, group, resource })));
}

/**
 * Verbs Flotilla needs: watch the cluster (nodes, pods, namespaces, events), provision tenants into it
 * (namespaces, pods, deployments, services, configmaps, secrets, resource quotas) and read usage
 * (metrics.k8s.io).
 */
export const FLOTILLA_REQUIRED_PERMISSIONS: readonly RequiredPermission[] = [
  ...each(['get', 'list', 'watch'], '', ['nodes', 'pods', 'namespaces', 'events']),
  ...each(['create', 'delete'], '', ['namespaces', 'pods', 'services', 'configmaps', 'secrets', 'resourcequotas']),
  ...each(['create', 'delete', 'patch'], 'apps', ['deployments']),
  ...each(['get', 'list'], 'metrics.k8s.io', ['pods', 'nodes']),
];

/** "list nodes", "create apps/deployments": how a permission is named in messages and missingPermissions. */
export function permissionName(permission: RequiredPermission): string {
  return `${permission.verb} ${permission.group ? `${permission.group}/` : ''}${permission.resource}`;
}
