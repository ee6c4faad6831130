import { CredentialType } from '@flotilla/contracts';
import { generateKeyPairSync } from 'node:crypto';
import { accessFromClientCertificate, accessFromCredentials, accessFromToken } from './credentials';
import { accessErrorOf, b64 } from './testing/access-errors';
import { createTestCa, issueClientCertificate, type TestCertificate } from './testing/certificates.factory';

const SERVER = 'https://api.prod.example.com:6443';

describe('credential forms', () => {
  let ca: TestCertificate;
  let otherCa: TestCertificate;
  let client: TestCertificate;

  beforeAll(async () => {
    [ca, otherCa] = await Promise.all([createTestCa('one'), createTestCa('two')]);
    client = await issueClientCertificate(ca, new Date(Date.now() + 86_400_000));
  });

  describe(accessFromToken.name, () => {
    it('keeps server, trimmed token and the CA bundle (two certificates)', () => {
      const bundle = `${ca.certPem}\n${otherCa.certPem}`;
      expect(accessFromToken({ server: `${SERVER}/`, token: '  abc.def\n', caBundle: bundle })).toEqual({ server: SERVER, token: 'abc.def', caData: b64(bundle) });
    });

    it('uses the system roots when no CA bundle is given', () => {
      expect(accessFromToken({ server: SERVER, token: 't', caBundle: ' ' })).toEqual({ server: SERVER, token: 't' });
    });

    it.each([
      [{ server: 'http://api.example.com', token: 't' }, 'credentials.server', 'server must be an https URL such as https://api.example.com:6443'],
      [{ server: 'not a url', token: 't' }, 'credentials.server', 'server must be an https URL such as https://api.example.com:6443'],
      [{ server: SERVER, token: '   ' }, 'credentials.token', 'token is empty'],
      [{ server: SERVER, token: 'two words' }, 'credentials.token', 'token must be printable ASCII without spaces or line breaks'],
      [{ server: SERVER, token: 't', caBundle: 'garbage' }, 'credentials.caBundle', 'caBundle holds no PEM certificate (-----BEGIN CERTIFICATE-----)'],
    ])('refuses %j naming %s', (credentials, field, message) => {
      expect(accessErrorOf(() => accessFromToken(credentials))).toMatchObject({ field, message });
    });

    it('names the broken certificate of a bundle', () => {
      const broken = '-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----';
      expect(accessErrorOf(() => accessFromToken({ server: SERVER, token: 't', caBundle: `${ca.certPem}${broken}\n` }))).toMatchObject({
        field: 'credentials.caBundle',
        message: 'caBundle: certificate 2 of 2 is not a valid X.509 certificate',
      });
    });
  });

  describe(accessFromClientCertificate.name, () => {
    it('keeps the pair as base64 PEM', () => {
      expect(accessFromClientCertificate({ server: SERVER, clientCertificate: client.certPem, clientKey: client.keyPem, caBundle: ca.certPem })).toEqual({
        server: SERVER,
        caData: b64(ca.certPem),
        clientCertificateData: b64(client.certPem),
        clientKeyData: b64(client.keyPem),
      });
    });

    it('parses a PKCS#1 RSA key, then finds it is not the certificate key', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
      expect(accessErrorOf(() => accessFromClientCertificate({ server: SERVER, clientCertificate: client.certPem, clientKey: rsa }))).toMatchObject({
        field: 'credentials.clientKey',
        message: 'clientKey does not belong to the client certificate',
      });
    });

    it.each([
      ['clientCertificate', () => ({ clientCertificate: 'nope', clientKey: client.keyPem }), 'clientCertificate holds no PEM certificate (-----BEGIN CERTIFICATE-----)'],
      ['clientKey', () => ({ clientCertificate: client.certPem, clientKey: client.certPem }), 'clientKey holds no PEM private key (-----BEGIN ... PRIVATE KEY-----)'],
      ['clientKey', () => ({ clientCertificate: client.certPem, clientKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }), 'clientKey is not a valid PEM private key'],
      ['clientKey', () => ({ clientCertificate: client.certPem, clientKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----' }), 'clientKey is encrypted with a passphrase; upload the unencrypted key'],
      ['clientKey', () => ({ clientCertificate: client.certPem, clientKey: ca.keyPem }), 'clientKey does not belong to the client certificate'],
    ])('names credentials.%s', (name, pair, message) => {
      expect(accessErrorOf(() => accessFromClientCertificate({ server: SERVER, ...pair() }))).toMatchObject({ field: `credentials.${name}`, message });
    });
  });

  describe(accessFromCredentials.name, () => {
    it('dispatches on the type', () => {
      const kubeconfig = `clusters: [{name: c, cluster: {server: "${SERVER}"}}]\nusers: [{name: u, user: {token: k}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n`;
      expect(accessFromCredentials({ type: CredentialType.Kubeconfig, kubeconfig })).toEqual({ server: SERVER, token: 'k' });
      expect(accessFromCredentials({ type: CredentialType.Token, server: SERVER, token: 't' })).toEqual({ server: SERVER, token: 't' });
      expect(accessFromCredentials({ type: CredentialType.ClientCertificate, server: SERVER, clientCertificate: client.certPem, clientKey: client.keyPem }).clientKeyData).toBe(b64(client.keyPem));
    });

    it('passes the context on', () => {
      const kubeconfig = `clusters: [{name: c, cluster: {server: "${SERVER}"}}]\nusers: [{name: u, user: {token: k}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n`;
      expect(accessErrorOf(() => accessFromCredentials({ type: CredentialType.Kubeconfig, kubeconfig, context: 'other' }))).toMatchObject({ field: 'credentials.context' });
    });

    it('refuses an unknown type naming it', () => {
      expect(accessErrorOf(() => accessFromCredentials({ type: 'password' as CredentialType }))).toMatchObject({ field: 'credentials.type' });
    });
  });
});
