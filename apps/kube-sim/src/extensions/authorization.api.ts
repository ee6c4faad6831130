// authorization.k8s.io self reviews and authentication.k8s.io SelfSubjectReview for the caller: the
// holder of the cluster's bearer token is cluster-admin (system:masters); a service account token's
// holder gets what RBAC grants it (service-account-auth.ts).
import { parseObjectBody, sendJson } from '../apiserver/http-util';
import { ApiError } from '../apiserver/status';
import type { KubeObject } from '../apiserver/api-handler';
import type { ExtensionCall } from './extension-call';
import type { RequestAttributes } from './rbac';
import { callerOf } from './service-account-auth';

export { CLUSTER_ADMIN_USER } from './service-account-auth';

const ADMIN_RESOURCE_RULES = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
const ADMIN_NON_RESOURCE_RULES = [{ verbs: ['*'], nonResourceURLs: ['*'] }];

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
  const spec = (obj.spec ?? {}) as ReviewSpec;
  if (!spec.resourceAttributes === !spec.nonResourceAttributes) {
    throw invalidSpec('SelfSubjectAccessReview', 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  const decide = callerOf(call.req).can;
  return { ...obj, status: decide ? decide(attributesOf(spec)) : { allowed: true, reason: ALLOWED_REASON } };
}

type ReviewSpec = {
  resourceAttributes?: { verb?: string; group?: string; resource?: string; subresource?: string; namespace?: string; name?: string };
  nonResourceAttributes?: { verb?: string; path?: string };
};

/** The review's attributes as the authorizer reads a request's ("" fields are unset). */
function attributesOf(spec: ReviewSpec): RequestAttributes {
  const { resourceAttributes: ra, nonResourceAttributes: nra } = spec;
  if (!ra) return { verb: nra?.verb ?? '', path: nra?.path ?? '' };
  const set = (value: string | undefined) => value || undefined;
  return { verb: ra.verb ?? '', resource: { group: ra.group ?? '', resource: ra.resource ?? '', subresource: set(ra.subresource), namespace: set(ra.namespace), name: set(ra.name) } };
}

function rulesReview(call: ExtensionCall): KubeObject {
  const obj = review(call, 'authorization.k8s.io/v1', 'SelfSubjectRulesReview');
  const rules = callerOf(call.req).rules?.((obj.spec as { namespace?: string } | undefined)?.namespace);
  if (!rules) return { ...obj, status: { resourceRules: ADMIN_RESOURCE_RULES, nonResourceRules: ADMIN_NON_RESOURCE_RULES, incomplete: false } };
  const resourceRules = rules.filter((rule) => !rule.nonResourceURLs?.length);
  const nonResourceRules = rules.filter((rule) => rule.nonResourceURLs?.length).map(({ verbs, nonResourceURLs }) => ({ verbs, nonResourceURLs }));
  return { ...obj, status: { resourceRules, nonResourceRules, incomplete: false } };
}

function subjectReview(call: ExtensionCall): KubeObject {
  const obj = review(call, 'authentication.k8s.io/v1', 'SelfSubjectReview');
  return { ...obj, status: { userInfo: callerOf(call.req).user } };
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
