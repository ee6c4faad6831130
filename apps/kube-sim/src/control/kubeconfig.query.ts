// The query of GET /_sim/clusters/<name>/kubeconfig: which credentials the kubeconfig holds.
// ?auth=client-certificate&user=alice&groups=dev,ops&validDays=30 issues a new client certificate.
import type { ClientCertificateRequest } from '../pki/client-certificates';
import { ControlValidationError } from './control.validation';

/** What the caller asked for: the cluster's own kubeconfig (as written), the token one, or a new certificate. */
export type KubeconfigRequest = { auth: 'file' | 'token' } | { auth: 'client-certificate'; certificate: ClientCertificateRequest };

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_NAME = 253;
// letters, digits and the punctuation Kubernetes user and group names use (system:masters, alice@example.com)
const NAME = /^[A-Za-z0-9][A-Za-z0-9:@._+-]*$/;

function name(value: string, field: string): string {
  if (value.length > MAX_NAME || !NAME.test(value)) {
    throw new ControlValidationError(field, `must be 1-${MAX_NAME} letters, digits or ":@._+-", starting with a letter or digit`);
  }
  return value;
}

function validDays(value: string | null): number {
  if (value === null) return 365;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > 3650) throw new ControlValidationError('validDays', 'must be a whole number of days from 1 to 3650');
  return days;
}

function certificateRequest(query: URLSearchParams): ClientCertificateRequest {
  const user = query.get('user');
  if (!user) throw new ControlValidationError('user', 'is required with auth=client-certificate (the certificate CN)');
  const groups = (query.get('groups') ?? '').split(',').filter((group) => group !== '');
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  return {
    user: name(user, 'user'),
    groups: groups.map((group) => name(group, 'groups')),
    notBefore,
    notAfter: new Date(Date.now() + validDays(query.get('validDays')) * DAY_MS),
  };
}

/** Parses and validates the kubeconfig route's query; a ControlValidationError names the bad field. */
export function parseKubeconfigQuery(query: URLSearchParams): KubeconfigRequest {
  const auth = query.get('auth');
  if (auth === null) return { auth: 'file' };
  if (auth === 'token') return { auth };
  if (auth === 'client-certificate') return { auth, certificate: certificateRequest(query) };
  throw new ControlValidationError('auth', 'must be "token" or "client-certificate"');
}
