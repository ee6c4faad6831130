// POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token: a TokenRequest answered with a
// JWT-shaped token (random signature) and its expiry. The simulator remembers the tokens it issued:
// they authenticate as the service account until they expire (service-account-auth.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { parseObjectBody, sendJson } from '../apiserver/http-util';
import { ApiError } from '../apiserver/status';
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import type { ExtensionCall } from './extension-call';
import { rememberServiceAccountToken } from './service-account-auth';

const TOKEN_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts\/([^/]+)\/token$/;
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const ISSUER = 'https://kubernetes.default.svc.cluster.local';

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

const base64url = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

function expirationOf(spec: TokenRequestSpec): number {
  const seconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (!Number.isInteger(seconds) || seconds < MIN_EXPIRATION_SECONDS) {
    const message = 'spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes';
    throw new ApiError(422, 'Invalid', `TokenRequest.authentication.k8s.io "" is invalid: ${message}`, {
      kind: 'TokenRequest',
      causes: [{ reason: 'FieldValueInvalid', message, field: 'spec.expirationSeconds' }],
    });
  }
  return seconds;
}

function signToken(claims: Record<string, unknown>): string {
  const header = { alg: 'RS256', kid: 'kube-sim' };
  return `${base64url(header)}.${base64url(claims)}.${base64url(randomBytes(256))}`;
}

function issue(sim: SimApiServer, sa: KubeObject, spec: TokenRequestSpec): { token: string; expirationTimestamp: string } {
  const now = sim.now();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + expirationOf(spec);
  const { name, namespace, uid } = sa.metadata;
  const claims = {
    aud: spec.audiences?.length ? spec.audiences : [ISSUER],
    exp,
    iat,
    nbf: iat,
    iss: ISSUER,
    jti: randomUUID(),
    sub: `system:serviceaccount:${namespace}:${name}`,
    'kubernetes.io': { namespace, serviceaccount: { name, uid } },
  };
  const token = signToken(claims);
  rememberServiceAccountToken(sim, token, { namespace: namespace ?? '', name: name ?? '', uid: uid ?? '', exp });
  return { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** Answers a TokenRequest; false when the path is not a service account's token subresource. */
export function serveTokenRequest(call: ExtensionCall, sim: SimApiServer): boolean {
  const [, namespace, name] = TOKEN_PATH.exec(call.pathname) ?? [];
  if (!name) return false;
  const sa = sim.get('serviceaccounts', decodeURIComponent(namespace), decodeURIComponent(name));
  if (!sa) throw new ApiError(404, 'NotFound', `serviceaccounts "${decodeURIComponent(name)}" not found`, { name, group: '', kind: 'serviceaccounts' });
  const body = parseObjectBody(call.body);
  const spec = (body.spec ?? {}) as TokenRequestSpec;
  const status = issue(sim, sa, spec);
  const metadata = { name: sa.metadata.name, namespace: sa.metadata.namespace, creationTimestamp: sim.now().toISOString().replace(/\.\d{3}Z$/, 'Z') };
  sendJson(call.res, 201, { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata, spec: { ...spec, expirationSeconds: expirationOf(spec) }, status });
  return true;
}
