// A kubeconfig as users already have it → ClusterAccess for one of its contexts. The chosen context's
// cluster and user are checked before client-node sees them: client-node reads token-file from disk
// while loading, and a server must never open paths a user wrote.
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import { parse, YAMLParseError } from 'yaml';
import { checkCaBundle, checkClientPair, checkServer, checkToken, type Origin } from './access-parts.util';
import type { ClusterAccess, ExecPlugin } from './cluster-access';
import { KubeAccessError } from './kube-access.error';
import { fromBase64 } from './pem.util';

const KUBECONFIG = 'credentials.kubeconfig';
const CONTEXT = 'credentials.context';

type Entry = { name?: unknown; [key: string]: unknown };
type Doc = { clusters?: unknown; users?: unknown; contexts?: unknown; 'current-context'?: unknown };

/** Fields that point at files on the uploader's machine, with the embedded form to use instead. */
const FILE_FIELDS: Record<'cluster' | 'user', [string, string][]> = {
  cluster: [['certificate-authority', 'certificate-authority-data']],
  user: [
    ['client-certificate', 'client-certificate-data'],
    ['client-key', 'client-key-data'],
    ['token-file', 'token'],
    ['tokenFile', 'token'],
  ],
};

/** Fields Flotilla cannot honour, with why. */
const UNSUPPORTED: Record<'cluster' | 'user', [string, string][]> = {
  cluster: [['proxy-url', 'Flotilla connects to the API server directly; proxies are not supported']],
  user: [
    ['username', 'basic authentication is not supported; use a token or a client certificate'],
    ['password', 'basic authentication is not supported; use a token or a client certificate'],
    ['as', 'impersonation is not supported; give credentials of the identity Flotilla should act as'],
    ['as-groups', 'impersonation is not supported; give credentials of the identity Flotilla should act as'],
  ],
};

const fail = (message: string) => new KubeAccessError(KUBECONFIG, message);

function parseDocument(text: string): Doc {
  let doc: unknown;
  try {
    doc = parse(text, { merge: true, maxAliasCount: 100 });
  } catch (error) {
    // the first line names the problem and its position; later lines quote the text (may hold secrets)
    if (error instanceof YAMLParseError) throw fail(`kubeconfig is not valid YAML: ${error.message.split('\n')[0].replace(/:$/, '')}`);
    throw fail('kubeconfig is not valid YAML');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw fail('kubeconfig must be a YAML mapping with clusters, users and contexts');
  return doc as Doc;
}

function entries(doc: Doc, key: 'clusters' | 'users' | 'contexts'): Entry[] {
  const list = doc[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw fail(`kubeconfig ${key} must be a list`);
  return list.filter((entry): entry is Entry => !!entry && typeof entry === 'object');
}

function named(list: Entry[], name: unknown): Entry | undefined {
  return list.find((entry) => entry.name === name);
}

function chooseContext(doc: Doc, requested: string | undefined): Entry {
  const contexts = entries(doc, 'contexts');
  const available = contexts.map((entry) => entry.name).filter((name): name is string => typeof name === 'string');
  const listing = available.length ? `available contexts: ${available.join(', ')}` : 'the kubeconfig has no contexts';
  const current = doc['current-context'];
  const wanted = requested ?? (typeof current === 'string' && current ? current : available.length === 1 ? available[0] : undefined);
  if (wanted === undefined) throw new KubeAccessError(CONTEXT, `the kubeconfig has no current-context; choose one (${listing})`);
  const found = named(contexts, wanted);
  if (!found) throw new KubeAccessError(CONTEXT, `context "${wanted}" is not in the kubeconfig (${listing})`);
  return found;
}

function section(entry: Entry, key: string): Record<string, unknown> {
  const value = entry[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function rejectUnusable(entry: Entry, kind: 'cluster' | 'user'): void {
  const body = section(entry, kind);
  const where = `${kind}s["${String(entry.name)}"].${kind}`;
  for (const [key, embedded] of FILE_FIELDS[kind]) {
    if (body[key] !== undefined) {
      throw fail(`${where}.${key} refers to a file, which the server cannot read; embed it as ${embedded} (kubectl config view --raw --flatten --minify)`);
    }
  }
  for (const [key, why] of UNSUPPORTED[kind]) {
    if (body[key] !== undefined) throw fail(`${where}.${key}: ${why}`);
  }
}

function resolve(doc: Doc, context: Entry): { cluster: Entry; user: Entry } {
  const clusters = entries(doc, 'clusters');
  if (clusters.length === 0) throw fail('kubeconfig has no clusters');
  const ref = section(context, 'context');
  const cluster = named(clusters, ref.cluster);
  if (!cluster) throw fail(`context "${String(context.name)}" names cluster "${String(ref.cluster)}", which the kubeconfig does not define`);
  if (typeof ref.user !== 'string' || !ref.user) throw fail(`context "${String(context.name)}" names no user`);
  const user = named(entries(doc, 'users'), ref.user);
  if (!user) throw fail(`context "${String(context.name)}" names user "${ref.user}", which the kubeconfig does not define`);
  return { cluster, user };
}

/** client-node's view of the chosen context alone (its structural checks: names, server). */
function load(parts: { context: Entry; cluster: Entry; user: Entry }): { cluster: Cluster; user: User } {
  const kubeConfig = new KubeConfig();
  const only = { clusters: [parts.cluster], users: [parts.user], contexts: [parts.context], 'current-context': parts.context.name };
  try {
    // JSON is YAML without anchors or merges: client-node reads exactly what was checked above
    kubeConfig.loadFromString(JSON.stringify(only));
  } catch (error) {
    throw fail(`kubeconfig is incomplete: ${(error as Error).message}`);
  }
  const cluster = kubeConfig.getCurrentCluster();
  const user = kubeConfig.getCurrentUser();
  if (!cluster || !user) throw fail('kubeconfig context does not resolve to a cluster and a user');
  return { cluster, user };
}

const at = (kind: string, name: string, key: string): Origin => ({ field: KUBECONFIG, what: `${kind}s["${name}"].${kind}.${key}` });

function clusterAccess(cluster: Cluster): ClusterAccess {
  const server = checkServer(cluster.server, at('cluster', cluster.name, 'server'), true);
  const access: ClusterAccess = { server };
  if (cluster.caData) {
    const origin = at('cluster', cluster.name, 'certificate-authority-data');
    access.caData = checkCaBundle(fromBase64(cluster.caData, origin.field, origin.what), origin);
  }
  if (cluster.tlsServerName) access.tlsServerName = String(cluster.tlsServerName);
  if (cluster.skipTLSVerify) access.insecureSkipTlsVerify = true;
  return access;
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isEnvList = (value: unknown): value is { name: string; value: string }[] =>
  Array.isArray(value) && value.every((item) => typeof item?.name === 'string' && typeof item?.value === 'string');

function requiredString(value: unknown, where: string): string {
  if (typeof value !== 'string' || !value) throw fail(`${where} is missing`);
  return value;
}

function execPlugin(exec: unknown, name: string): ExecPlugin {
  const raw = (exec ?? {}) as { apiVersion?: unknown; command?: unknown; args?: unknown; env?: unknown };
  const where = `users["${name}"].user.exec`;
  const plugin: ExecPlugin = { apiVersion: requiredString(raw.apiVersion, `${where}.apiVersion`), command: requiredString(raw.command, `${where}.command`) };
  const args = raw.args ?? [];
  if (!isStringList(args)) throw fail(`${where}.args must be a list of strings`);
  const env = raw.env ?? [];
  if (!isEnvList(env)) throw fail(`${where}.env must be a list of {name, value} strings`);
  if (args.length) plugin.args = args;
  if (env.length) plugin.env = env.map((item) => ({ name: item.name, value: item.value }));
  return plugin;
}

function authProvider(provider: unknown, name: string): NonNullable<ClusterAccess['authProvider']> {
  const raw = (provider ?? {}) as { name?: unknown; config?: unknown };
  const where = `users["${name}"].user.auth-provider`;
  if (typeof raw.name !== 'string' || !raw.name) throw fail(`${where}.name is missing`);
  const config = raw.config ?? {};
  const valid = typeof config === 'object' && !Array.isArray(config) && Object.values(config as object).every((value) => typeof value === 'string');
  if (!valid) throw fail(`${where}.config must map names to strings`);
  return Object.keys(config as object).length ? { name: raw.name, config: config as Record<string, string> } : { name: raw.name };
}

function certificatePair(user: User): Pick<ClusterAccess, 'clientCertificateData' | 'clientKeyData'> {
  if (!user.certData && !user.keyData) return {};
  const certOrigin = at('user', user.name, 'client-certificate-data');
  const keyOrigin = at('user', user.name, 'client-key-data');
  if (!user.certData || !user.keyData) throw fail(`users["${user.name}"].user needs both client-certificate-data and client-key-data`);
  const certificate = fromBase64(user.certData, certOrigin.field, certOrigin.what);
  const key = fromBase64(user.keyData, keyOrigin.field, keyOrigin.what);
  return checkClientPair({ certificate, key }, certOrigin, keyOrigin);
}

function userAccess(user: User): Partial<ClusterAccess> {
  const access: Partial<ClusterAccess> = { ...certificatePair(user) };
  if (user.token) access.token = checkToken(user.token, at('user', user.name, 'token'));
  if (user.exec) access.exec = execPlugin(user.exec, user.name);
  if (user.authProvider) access.authProvider = authProvider(user.authProvider, user.name);
  const methods = ['token', 'clientCertificateData', 'exec', 'authProvider'] as const;
  if (!methods.some((key) => access[key] !== undefined)) {
    throw fail(`users["${user.name}"].user has no credentials: give a token, client-certificate-data and client-key-data, an exec plugin or an auth provider`);
  }
  return access;
}

/**
 * Reads a kubeconfig (YAML text) and returns the access of `context` (default: its current-context, or
 * its only context). Throws {@link KubeAccessError} naming `credentials.kubeconfig` for malformed YAML,
 * a missing cluster or user, file references (certificate-authority, client-key, token-file: a server
 * cannot read the uploader's files), unsupported features and bad PEM data; and naming
 * `credentials.context` for an unknown context, listing the available ones.
 */
export function parseKubeconfig(text: string, context?: string): ClusterAccess {
  const doc = parseDocument(text);
  if (entries(doc, 'clusters').length === 0) throw fail('kubeconfig has no clusters');
  const chosen = chooseContext(doc, context);
  const { cluster, user } = resolve(doc, chosen);
  rejectUnusable(cluster, 'cluster');
  rejectUnusable(user, 'user');
  const loaded = load({ context: chosen, cluster, user });
  return { ...clusterAccess(loaded.cluster), ...userAccess(loaded.user) };
}
