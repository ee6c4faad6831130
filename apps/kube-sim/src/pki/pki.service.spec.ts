import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePki } from './pki.service';

describe(ensurePki.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-pki-'));

  it('issues a serving certificate for the loopback names and extra SANs, signed by its own CA', async () => {
    const sut = await ensurePki(dir, ['kube-sim']);
    const ca = new X509Certificate(sut.caCertPem);
    const cert = new X509Certificate(sut.certPem);
    expect(ca.ca).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBeDefined();
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkHost('kube-sim')).toBe('kube-sim');
    expect(new Date(ca.validTo).getTime() - Date.now()).toBeGreaterThan(9 * 365 * 24 * 3600 * 1000);
    for (const key of ['ca.key', 'server.key']) expect(statSync(join(dir, key)).mode & 0o777).toBe(0o600);
  });

  it('reuses CA and serving certificate on a second start', async () => {
    const first = await ensurePki(dir, ['kube-sim']);
    const second = await ensurePki(dir, ['kube-sim']);
    expect(second.caFingerprint).toBe(first.caFingerprint);
    expect(second.certPem).toBe(first.certPem);
  });

  it('reissues only the serving certificate, from the same CA, when a new SAN is asked for', async () => {
    const first = await ensurePki(dir, ['kube-sim']);
    const sut = await ensurePki(dir, ['kube-sim', 'sim.example.test']);
    expect(sut.caFingerprint).toBe(first.caFingerprint);
    expect(new X509Certificate(sut.certPem).checkHost('sim.example.test')).toBe('sim.example.test');
    expect(readFileSync(join(dir, 'server.crt'), 'utf8')).toBe(sut.certPem);
  });
});
