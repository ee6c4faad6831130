import { SignJWT } from 'jose';
import { describeAccess, expiresSoon } from './describe-access';
import { b64 } from './testing/access-errors';
import { createTestCa, issueClientCertificate } from './testing/certificates.factory';

const DAY = 86_400_000;
const SERVER = 'https://api.example.com';

async function jwt(exp?: Date): Promise<string> {
  const builder = new SignJWT({ sub: 'system:serviceaccount:flotilla:agent' }).setProtectedHeader({ alg: 'HS256' });
  if (exp) builder.setExpirationTime(Math.floor(exp.getTime() / 1000));
  return builder.sign(new TextEncoder().encode('0123456789abcdef0123456789abcdef'));
}

describe(describeAccess.name, () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('reads a JWT token expiry', async () => {
    const exp = new Date('2026-03-20T12:00:00Z');
    expect(describeAccess({ server: SERVER, token: await jwt(exp) }, now)).toEqual({ method: 'token', expiresAt: exp, expiresSoon: true, hostRequirement: null });
  });

  it('has no expiry for an opaque token or a JWT without exp', async () => {
    expect(describeAccess({ server: SERVER, token: 'sha256~opaque' }, now)).toMatchObject({ method: 'token', expiresAt: null, expiresSoon: false });
    expect(describeAccess({ server: SERVER, token: await jwt() }, now).expiresAt).toBeNull();
  });

  it('reads the client certificate notAfter, and takes the earliest of certificate and token', async () => {
    const ca = await createTestCa();
    const notAfter = new Date(Math.floor((Date.now() + 400 * DAY) / 1000) * 1000);
    const client = await issueClientCertificate(ca, notAfter);
    const access = { server: SERVER, clientCertificateData: b64(client.certPem), clientKeyData: b64(client.keyPem) };
    expect(describeAccess(access, new Date())).toEqual({ method: 'client-certificate', expiresAt: notAfter, expiresSoon: false, hostRequirement: null });
    const soon = new Date(Math.floor((Date.now() + 2 * DAY) / 1000) * 1000);
    expect(describeAccess({ ...access, token: await jwt(soon) }, new Date())).toMatchObject({ method: 'token', expiresAt: soon, expiresSoon: true });
  });

  it('names what the host needs for exec plugins and auth providers', () => {
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin' };
    expect(describeAccess({ server: SERVER, exec }, now)).toEqual({ method: 'exec', expiresAt: null, expiresSoon: false, hostRequirement: 'gke-gcloud-auth-plugin' });
    expect(describeAccess({ server: SERVER, authProvider: { name: 'azure' } }, now)).toMatchObject({ method: 'auth-provider', hostRequirement: 'azure' });
  });
});

describe(expiresSoon.name, () => {
  const now = new Date('2026-03-01T00:00:00Z');
  it.each([
    [null, false],
    [new Date('2026-02-01T00:00:00Z'), true],
    [new Date('2026-03-31T00:00:00Z'), true],
    [new Date('2026-04-01T00:00:00Z'), false],
  ])('%s → %s', (expiresAt, expected) => {
    expect(expiresSoon(expiresAt, now)).toBe(expected);
  });
});
