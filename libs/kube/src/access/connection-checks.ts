// The connection test's API steps: who the credentials are, how many nodes, which verbs are missing.
import type { KubeConfig } from '@kubernetes/client-node';
import { ConnectionFailureReason } from '@flotilla/contracts';
import { expectOk, kubeRequest, KubeRequestError } from './kube-request';
import { listAll } from './list-all';
import { FLOTILLA_REQUIRED_PERMISSIONS, permissionName, type RequiredPermission } from './required-permissions';

const SELF_REVIEW = '/apis/authentication.k8s.io/v1/selfsubjectreviews';

/**
 * Proves the credentials authenticate: a SelfSubjectReview names the user; where the API is missing
 * (before Kubernetes 1.28) GET /api answers only authenticated callers. 401 → UNAUTHORIZED.
 */
export async function checkAuthentication(kubeConfig: KubeConfig, timeoutMs: number): Promise<string> {
  const review = await kubeRequest<{ status?: { userInfo?: { username?: string } } }>(kubeConfig, {
    method: 'POST',
    path: SELF_REVIEW,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    timeoutMs,
  });
  if (review.status === 401) throw new KubeRequestError(ConnectionFailureReason.Unauthorized, 'the API server refused the credentials (401 Unauthorized)', 401);
  if (review.status === 201 || review.status === 200) return `authenticated as ${review.body?.status?.userInfo?.username ?? 'an unnamed user'}`;
  if (review.status === 403) return 'authenticated (not allowed to review itself)';
  expectOk(await kubeRequest(kubeConfig, { path: '/api', timeoutMs }), 'GET /api');
  return 'authenticated';
}

/** Counts the nodes (paginated list). 403 → MISSING_PERMISSIONS. */
export async function countNodes(kubeConfig: KubeConfig, timeoutMs: number): Promise<number> {
  return (await listAll(kubeConfig, '/api/v1/nodes', timeoutMs)).length;
}

async function allowed(kubeConfig: KubeConfig, permission: RequiredPermission, timeoutMs: number): Promise<boolean> {
  const response = await kubeRequest<{ status?: { allowed?: boolean } }>(kubeConfig, {
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: permission } },
    timeoutMs,
  });
  return expectOk(response, 'SelfSubjectAccessReview')?.status?.allowed === true;
}

/**
 * Asks a SelfSubjectAccessReview for every required permission; the missing ones are pushed to
 * `missing` and fail the step with MISSING_PERMISSIONS.
 */
export async function checkPermissions(kubeConfig: KubeConfig, timeoutMs: number, missing: string[]): Promise<string> {
  const answers = await Promise.all(FLOTILLA_REQUIRED_PERMISSIONS.map((permission) => allowed(kubeConfig, permission, timeoutMs)));
  missing.push(...FLOTILLA_REQUIRED_PERMISSIONS.filter((_, index) => !answers[index]).map(permissionName));
  if (missing.length) {
    throw new KubeRequestError(ConnectionFailureReason.MissingPermissions, `${missing.length} of ${answers.length} required verbs are not granted: ${missing.join(', ')}`);
  }
  return `all ${answers.length} required verbs granted`;
}
