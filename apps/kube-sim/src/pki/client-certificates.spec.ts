import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientCertificateVerifier } from './client-certificates';
import { ensurePki, type SimPki } from './pki.service';

const DAY_MS = 24 * 3600_000;

describe(ClientCertificateVerifier.name, () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'kube-sim-client-ca-')), mkdtempSync(join(tmpdir(), 'kube-sim-other-ca-'))];
  let pki: SimPki;
  let other: SimPki;
  let sut: ClientCertificateVerifier;

  beforeAll(async () => {
    [pki, other] = await Promise.all(dirs.map((dir) => ensurePki(dir)));
    sut = new ClientCertificateVerifier(pki.caCertPem);
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('reads user = CN and groups = O values of a certificate its CA issued, O before CN as kubeadm writes them', async () => {
    const issued = await pki.issueClientCertificate({ user: 'alice@example.com', groups: ['dev', 'system:masters'], notAfter: new Date(Date.now() + DAY_MS) });
    const cert = new X509Certificate(issued.certPem);

    expect(sut.verify(cert)).toEqual({ user: 'alice@example.com', groups: ['dev', 'system:masters'], notAfter: new Date(cert.validTo) });
    expect(cert.subject).toBe('O=dev\nO=system:masters\nCN=alice@example.com');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
  });

  it('says expired outside the validity window, with the clock given', async () => {
    const issued = await pki.issueClientCertificate({ user: 'bob', groups: [], notBefore: new Date(Date.now() - 2 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) });
    const cert = new X509Certificate(issued.certPem);

    expect(sut.verify(cert)).toBe('expired');
    expect(sut.verify(cert, new Date(Date.now() - 1.5 * DAY_MS))).toMatchObject({ user: 'bob' });
    expect(sut.verify(cert, new Date(Date.now() - 3 * DAY_MS))).toBe('expired');
  });

  it('says untrusted for another CA’s certificate and for its own serving certificate (no clientAuth)', async () => {
    const foreign = await other.issueClientCertificate({ user: 'kubernetes-admin', groups: ['system:masters'] });

    expect(sut.verify(new X509Certificate(foreign.certPem))).toBe('untrusted');
    expect(sut.verify(new X509Certificate(pki.certPem))).toBe('untrusted');
  });
});
