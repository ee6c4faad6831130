// Bearer tokens of service accounts (from TokenRequest) and client certificates (client-cert-auth.ts)
// authenticate as their user, and what they may do is decided by RBAC (system:masters excepted); the
// cluster's own token stays cluster-admin. The shell calls admitServiceAccount for each
// request the cluster token does not authenticate; self reviews read the caller back with callerOf.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimApiServer } from '../apiserver/api-handler';
import { sendError } from '../apiserver/http-util';
import { ApiError } from '../apiserver/status';
import { authorize, forbiddenMessage, grantsFor, type PolicyRule, type RequestAttributes, type UserInfo } from './rbac';
import { requestAttributes } from './request-attributes';

/** The user the cluster's own bearer token authenticates as. */
export const CLUSTER_ADMIN_USER: UserInfo = { username: 'kube-sim:admin', groups: ['system:masters', 'system:authenticated'] };

/** Who made a request, and what RBAC lets them do (absent for the cluster admin: everything). */
export interface Caller {
  user: UserInfo;
  /** RBAC decision for a request of this caller; undefined for the cluster admin. */
  can?: (attributes: RequestAttributes) => { allowed: boolean; reason: string };
  /** The rules that apply to the caller in a namespace (SelfSubjectRulesReview). */
  rules?: (namespace: string | undefined) => PolicyRule[];
}

interface IssuedToken {
  namespace: string;
  name: string;
  uid: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const issued = new WeakMap<SimApiServer, Map<string, IssuedToken>>();
const callers = new WeakMap<IncomingMessage, Caller>();

/** Records a token issued by a TokenRequest so that it authenticates until it expires. */
export function rememberServiceAccountToken(sim: SimApiServer, token: string, subject: IssuedToken): void {
  const tokens = issued.get(sim) ?? new Map<string, IssuedToken>();
  tokens.set(token, subject);
  issued.set(sim, tokens);
}

function serviceAccountUser(sim: SimApiServer, token: string): UserInfo | undefined {
  const subject = issued.get(sim)?.get(token);
  if (!subject || subject.exp * 1000 <= sim.now().getTime()) return undefined;
  // a token dies with its service account (bound tokens are checked against the uid)
  if (sim.get('serviceaccounts', subject.namespace, subject.name)?.metadata.uid !== subject.uid) return undefined;
  const groups = ['system:serviceaccounts', `system:serviceaccounts:${subject.namespace}`, 'system:authenticated'];
  return { username: `system:serviceaccount:${subject.namespace}:${subject.name}`, uid: subject.uid, groups };
}

function callerFor(sim: SimApiServer, user: UserInfo): Caller {
  return {
    user,
    can: (attributes) => authorize(sim, user, attributes),
    rules: (namespace) => grantsFor(sim, user, namespace).flatMap((grant) => grant.rules),
  };
}

/** Who made the request: the caller admitCaller recorded, else the cluster admin (in-process calls). */
export function callerOf(req: IncomingMessage): Caller {
  return callers.get(req) ?? { user: CLUSTER_ADMIN_USER };
}

/** How the shell's admission of a request ended. */
export type ServiceAccountAdmission = 'admitted' | 'unauthorized' | 'forbidden';

/**
 * Admits a request of an authenticated `user`: members of system:masters may do everything (as
 * upstream, RBAC is not asked), anyone else is decided by RBAC (a 403 Status is sent here when it says no).
 */
export function admitUser(req: IncomingMessage, res: ServerResponse, call: { user: UserInfo; api: unknown; path: string }): ServiceAccountAdmission {
  const sim = call.api instanceof SimApiServer ? call.api : undefined;
  const { user } = call;
  if (user.groups.includes('system:masters')) {
    callers.set(req, { user });
    return 'admitted';
  }
  if (!sim) return 'unauthorized';
  const caller = callerFor(sim, user);
  callers.set(req, caller);
  const url = new URL(call.path, 'http://kube-sim.invalid');
  const attributes = requestAttributes(req.method ?? 'GET', url.pathname.replace(/(.)\/$/, '$1'), url.searchParams);
  if (caller.can?.(attributes).allowed) return 'admitted';
  const resource = attributes.resource;
  sendError(res, new ApiError(403, 'Forbidden', forbiddenMessage(user, attributes), resource && { name: resource.name, group: resource.group, kind: resource.resource }));
  return 'forbidden';
}

/**
 * Admits a request whose bearer token is not the cluster's: a live service account token
 * authenticates as the account and RBAC decides. 'unauthorized' leaves the 401 to the caller.
 */
export function admitServiceAccount(req: IncomingMessage, res: ServerResponse, call: { bearer: string | undefined; api: unknown; path: string }): ServiceAccountAdmission {
  const sim = call.api instanceof SimApiServer ? call.api : undefined;
  const user = sim && call.bearer ? serviceAccountUser(sim, call.bearer) : undefined;
  return user ? admitUser(req, res, { user, api: sim, path: call.path }) : 'unauthorized';
}
