import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseKubeconfig } from './kubeconfig.parser';
import { accessErrorOf, b64 } from './testing/access-errors';
import { createTestCa, issueClientCertificate, type TestCertificate } from './testing/certificates.factory';

const TOKEN = 'sha256~secret-token-value';

describe(parseKubeconfig.name, () => {
  let ca: TestCertificate;
  let client: TestCertificate;

  beforeAll(async () => {
    ca = await createTestCa();
    client = await issueClientCertificate(ca, new Date(Date.now() + 90 * 86_400_000));
  });

  function config(overrides: { clusters?: object[]; users?: object[]; contexts?: object[]; current?: string | null } = {}): string {
    return stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: overrides.clusters ?? [
        { name: 'prod', cluster: { server: 'https://api.prod.example.com:6443', 'certificate-authority-data': b64(ca.certPem) } },
        { name: 'staging', cluster: { server: 'https://api.staging.example.com:6443', 'insecure-skip-tls-verify': true, 'tls-server-name': 'kubernetes' } },
      ],
      users: overrides.users ?? [
        { name: 'prod-admin', user: { token: TOKEN } },
        { name: 'staging-admin', user: { 'client-certificate-data': b64(client.certPem), 'client-key-data': b64(client.keyPem) } },
      ],
      contexts: overrides.contexts ?? [
        { name: 'prod', context: { cluster: 'prod', user: 'prod-admin' } },
        { name: 'staging', context: { cluster: 'staging', user: 'staging-admin', namespace: 'apps' } },
      ],
      'current-context': overrides.current === undefined ? 'prod' : overrides.current,
    });
  }

  it('reads the current context: server, CA and token', () => {
    expect(parseKubeconfig(config())).toEqual({ server: 'https://api.prod.example.com:6443', caData: b64(ca.certPem), token: TOKEN });
  });

  it('reads the context asked for: client certificate, TLS server name, skip-verify', () => {
    expect(parseKubeconfig(config(), 'staging')).toEqual({
      server: 'https://api.staging.example.com:6443',
      tlsServerName: 'kubernetes',
      insecureSkipTlsVerify: true,
      clientCertificateData: b64(client.certPem),
      clientKeyData: b64(client.keyPem),
    });
  });

  it('uses the only context when there is no current-context', () => {
    const text = config({ contexts: [{ name: 'staging', context: { cluster: 'staging', user: 'staging-admin' } }], current: null });
    expect(parseKubeconfig(text).server).toBe('https://api.staging.example.com:6443');
  });

  it('names the context field and lists the available contexts for an unknown context', () => {
    const error = accessErrorOf(() => parseKubeconfig(config(), 'qa'));
    expect(error).toMatchObject({ field: 'credentials.context', message: 'context "qa" is not in the kubeconfig (available contexts: prod, staging)' });
  });

  it('asks for a context when there is no current-context and several contexts', () => {
    const error = accessErrorOf(() => parseKubeconfig(config({ current: null })));
    expect(error).toMatchObject({ field: 'credentials.context', message: 'the kubeconfig has no current-context; choose one (available contexts: prod, staging)' });
  });

  it.each([
    ['broken indentation', `apiVersion: v1\nclusters:\n- name: a\n   cluster: {server: https://x}\n  token: ${TOKEN}\n`],
    ['an unclosed flow mapping', `users: [{name: a, user: {token: ${TOKEN}}\n`],
  ])('refuses malformed YAML (%s) with its position and without quoting it', (_, text) => {
    const error = accessErrorOf(() => parseKubeconfig(text));
    expect(error.field).toBe('credentials.kubeconfig');
    expect(error.message).toMatch(/^kubeconfig is not valid YAML: .*line \d+, column \d+$/);
    expect(error.message).not.toContain(TOKEN);
  });

  it.each([
    ['plain text', 'hello', 'kubeconfig must be a YAML mapping with clusters, users and contexts'],
    ['a list', '- a\n- b\n', 'kubeconfig must be a YAML mapping with clusters, users and contexts'],
    ['no clusters', stringify({ users: [], contexts: [] }), 'kubeconfig has no clusters'],
    ['clusters not a list', stringify({ clusters: 'x' }), 'kubeconfig clusters must be a list'],
  ])('refuses %s', (_, text, message) => {
    expect(accessErrorOf(() => parseKubeconfig(text))).toMatchObject({ field: 'credentials.kubeconfig', message });
  });

  it('refuses a context naming a cluster or user the kubeconfig lacks', () => {
    const contexts = [{ name: 'x', context: { cluster: 'nowhere', user: 'prod-admin' } }];
    expect(accessErrorOf(() => parseKubeconfig(config({ contexts, current: 'x' }))).message).toBe('context "x" names cluster "nowhere", which the kubeconfig does not define');
    const noUser = [{ name: 'x', context: { cluster: 'prod', user: 'ghost' } }];
    expect(accessErrorOf(() => parseKubeconfig(config({ contexts: noUser, current: 'x' }))).message).toBe('context "x" names user "ghost", which the kubeconfig does not define');
  });

  it.each([
    ['cluster', 'certificate-authority', 'clusters["prod"].cluster.certificate-authority refers to a file', 'certificate-authority-data'],
    ['user', 'client-certificate', 'users["prod-admin"].user.client-certificate refers to a file', 'client-certificate-data'],
    ['user', 'client-key', 'users["prod-admin"].user.client-key refers to a file', 'client-key-data'],
    ['user', 'token-file', 'users["prod-admin"].user.token-file refers to a file', 'embed it as token'],
  ])('refuses a %s file reference (%s) before anything reads it', (kind, key, start, embedded) => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const path = join(dir, 'secret');
    writeFileSync(path, 'server-side-file-content');
    const clusters = [{ name: 'prod', cluster: { server: 'https://api.prod.example.com', ...(kind === 'cluster' ? { [key]: path } : {}) } }];
    const users = [{ name: 'prod-admin', user: { token: TOKEN, ...(kind === 'user' ? { [key]: path } : {}) } }];
    const error = accessErrorOf(() => parseKubeconfig(config({ clusters, users, contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'prod-admin' } }] })));
    expect(error.field).toBe('credentials.kubeconfig');
    expect(error.message).toContain(start);
    expect(error.message).toContain(embedded);
    expect(error.message).not.toContain('server-side-file-content');
  });

  it('sees a token-file smuggled in through a YAML merge key', () => {
    const text = [
      'clusters: [{name: c, cluster: {server: "https://a.example.com"}}]',
      'contexts: [{name: c, context: {cluster: c, user: u}}]',
      'current-context: c',
      'defaults: &files {token-file: /etc/hostname}',
      'users:',
      '- name: u',
      '  user:',
      '    <<: *files',
    ].join('\n');
    expect(accessErrorOf(() => parseKubeconfig(text)).message).toContain('users["u"].user.token-file refers to a file');
  });

  it('ignores file references of contexts it does not use', () => {
    const clusters = [...JSON.parse(JSON.stringify([{ name: 'prod', cluster: { server: 'https://api.prod.example.com' } }])), { name: 'local', cluster: { server: 'https://127.0.0.1:8443', 'certificate-authority': '/home/me/.minikube/ca.crt' } }];
    const users = [{ name: 'prod-admin', user: { token: TOKEN } }, { name: 'local', user: { 'client-key': '/home/me/.minikube/client.key' } }];
    const contexts = [{ name: 'prod', context: { cluster: 'prod', user: 'prod-admin' } }, { name: 'minikube', context: { cluster: 'local', user: 'local' } }];
    expect(parseKubeconfig(config({ clusters, users, contexts })).token).toBe(TOKEN);
  });

  it('keeps an exec plugin with its arguments and environment', () => {
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod'], env: [{ name: 'AWS_PROFILE', value: 'prod' }], interactiveMode: 'Never' };
    const access = parseKubeconfig(config({ users: [{ name: 'prod-admin', user: { exec } }] }));
    expect(access.exec).toEqual({ apiVersion: exec.apiVersion, command: 'aws', args: exec.args, env: exec.env });
    expect(access.token).toBeUndefined();
  });

  it('names what is wrong in an exec plugin', () => {
    const users = [{ name: 'prod-admin', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', args: ['x'] } } }];
    expect(accessErrorOf(() => parseKubeconfig(config({ users }))).message).toBe('users["prod-admin"].user.exec.command is missing');
  });

  it('keeps an auth provider with its config', () => {
    const users = [{ name: 'prod-admin', user: { 'auth-provider': { name: 'oidc', config: { 'idp-issuer-url': 'https://login.example.com', 'client-id': 'k8s' } } } }];
    expect(parseKubeconfig(config({ users })).authProvider).toEqual({ name: 'oidc', config: { 'idp-issuer-url': 'https://login.example.com', 'client-id': 'k8s' } });
  });

  it('names the field holding a bad certificate authority', () => {
    const clusters = [{ name: 'prod', cluster: { server: 'https://a.example.com', 'certificate-authority-data': b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') } }];
    expect(accessErrorOf(() => parseKubeconfig(config({ clusters })))).toMatchObject({
      field: 'credentials.kubeconfig',
      message: 'clusters["prod"].cluster.certificate-authority-data: certificate 1 of 1 is not a valid X.509 certificate',
    });
  });

  it('names the key that does not belong to the client certificate', async () => {
    const other = await issueClientCertificate(ca, new Date(Date.now() + 86_400_000));
    const users = [{ name: 'staging-admin', user: { 'client-certificate-data': b64(client.certPem), 'client-key-data': b64(other.keyPem) } }];
    expect(accessErrorOf(() => parseKubeconfig(config({ users }), 'staging')).message).toBe('users["staging-admin"].user.client-key-data does not belong to the client certificate');
  });

  it.each([
    [{}, 'users["prod-admin"].user has no credentials: give a token, client-certificate-data and client-key-data, an exec plugin or an auth provider'],
    [{ username: 'admin', password: 'pw' }, 'users["prod-admin"].user.username: basic authentication is not supported; use a token or a client certificate'],
    [{ token: TOKEN, as: 'system:admin' }, 'users["prod-admin"].user.as: impersonation is not supported; give credentials of the identity Flotilla should act as'],
    [{ 'client-certificate-data': b64('x') }, 'users["prod-admin"].user needs both client-certificate-data and client-key-data'],
  ])('refuses user %j', (user, message) => {
    expect(accessErrorOf(() => parseKubeconfig(config({ users: [{ name: 'prod-admin', user }] })))).toMatchObject({ field: 'credentials.kubeconfig', message });
  });

  it.each([
    ['ftp://api.example.com', 'clusters["prod"].cluster.server must be an http(s) URL such as https://api.example.com:6443'],
    ['https://user:pw@api.example.com', 'clusters["prod"].cluster.server must not carry a user, password, query or fragment'],
  ])('refuses server %s', (server, message) => {
    expect(accessErrorOf(() => parseKubeconfig(config({ clusters: [{ name: 'prod', cluster: { server } }] }))).message).toBe(message);
  });

  it('lets client-node name a structurally incomplete cluster', () => {
    const clusters = [{ name: 'prod', cluster: { 'insecure-skip-tls-verify': true } }];
    expect(accessErrorOf(() => parseKubeconfig(config({ clusters }))).message).toBe('kubeconfig is incomplete: clusters[0].cluster.server is missing');
  });
});
