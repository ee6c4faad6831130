// authorization.k8s.io self reviews and authentication.k8s.io SelfSubjectReview for the one user of a
// simulated cluster: whoever holds its bearer token, who is cluster-admin (system:masters).
import { parseObjectBody, sendJson } from '../apiserver/http-util';
import { ApiError } from '../apiserver/status';
import type { KubeObject } from '../apiserver/api-handler';
import type { ExtensionCall } from './extension-call';

/** The user a cluster's bearer token authenticates as. */
export const CLUSTER_ADMIN_USER = { username: 'kube-sim:admin', groups: ['system:masters', 'system:authenticated'] };

const ALLOWED_REASON = 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"';

function review(call: ExtensionCall, apiVersion: string, kind: string): KubeObject {
  const body = parseObjectBody(call.body);
  if (body.kind && body.kind !== kind) throw new ApiError(400, 'BadRequest', `expected a ${kind}, got ${body.kind}`);
  return { ...body, apiVersion, kind, metadata: { ...body.metadata } };
}

function invalidSpec(kind: string, message: string): ApiError {
  return new ApiError(422, 'Invalid', `${kind}.authorization.k8s.io "" is invalid: ${message}`, { kind, causes: [{ reason: 'FieldValueInvalid', message, field: 'spec' }] });
}

function accessReview(call: ExtensionCall): KubeObject {
  const obj = review(call, 'authorization.k8s.io/v1', 'SelfSubjectAccessReview');
  const spec = (obj.spec ?? {}) as { resourceAttributes?: unknown; nonResourceAttributes?: unknown };
  if (!spec.resourceAttributes === !spec.nonResourceAttributes) {
    throw invalidSpec('SelfSubjectAccessReview', 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  return { ...obj, status: { allowed: true, reason: ALLOWED_REASON } };
}

function rulesReview(call: ExtensionCall): KubeObject {
  const obj = review(call, 'authorization.k8s.io/v1', 'SelfSubjectRulesReview');
  const resourceRules = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
  const nonResourceRules = [{ verbs: ['*'], nonResourceURLs: ['*'] }];
  return { ...obj, status: { resourceRules, nonResourceRules, incomplete: false } };
}

function subjectReview(call: ExtensionCall): KubeObject {
  const obj = review(call, 'authentication.k8s.io/v1', 'SelfSubjectReview');
  return { ...obj, status: { userInfo: CLUSTER_ADMIN_USER } };
}

const REVIEWS: Record<string, (call: ExtensionCall) => KubeObject> = {
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews': accessReview,
  '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews': rulesReview,
  '/apis/authentication.k8s.io/v1/selfsubjectreviews': subjectReview,
};

/** Whether the path is a self review's (they answer only POST). */
export function isSelfReviewPath(pathname: string): boolean {
  return pathname in REVIEWS;
}

/** Answers a POST of a self review; false when the path is not one. */
export function serveSelfReview(call: ExtensionCall): boolean {
  const handler = REVIEWS[call.pathname];
  if (!handler) return false;
  sendJson(call.res, 201, handler(call));
  return true;
}
