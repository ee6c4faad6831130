import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEnvironment, platformApps } from './apps';
import { bootstrapTokenIn, renderBanner } from './banner';
import { findNatsServer, natsInstallHelp } from './nats';
import { isErrorLine, prefix } from './output';
import type { RegistryKeys } from './registry-keys';
import { readSettings, redactUrl } from './settings';

const KEYS: RegistryKeys = { keys: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', activeKey: 'k1', source: 'file' };

describe(readSettings.name, () => {
  it('uses the local defaults when nothing is set', () => {
    const sut = readSettings('/repo', {});

    expect(sut).toMatchObject({
      natsUrl: 'nats://127.0.0.1:4222',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/flotilla',
      gatewayPort: 8080,
      kubeSimPort: 6443,
      logLevel: 'info',
      dataDir: '/repo/.flotilla',
      kubeSimDataDir: '/repo/.flotilla/kube-sim',
      registryKeysFile: '/repo/.flotilla/registry.keys',
      defaultClusterKubeconfig: '/repo/.flotilla/kube-sim/kubeconfigs/default.yaml',
      quiet: false,
    });
  });

  it('registers no default cluster when kube-sim creates none or the variable is set empty', () => {
    expect(readSettings('/repo', { KUBE_SIM_DEFAULT_CLUSTER: 'false' }).defaultClusterKubeconfig).toBeUndefined();
    expect(readSettings('/repo', { FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG: '' }).defaultClusterKubeconfig).toBeUndefined();
    expect(readSettings('/repo', { FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG: '/etc/kube/prod.yaml' }).defaultClusterKubeconfig).toBe('/etc/kube/prod.yaml');
  });

  it('rejects a PORT that leaves no room for the five service ports', () => {
    expect(() => readSettings('/repo', { PORT: '65531' })).toThrow(/PORT=65531/);
    expect(() => readSettings('/repo', { PORT: 'http' })).toThrow(/PORT=http/);
  });
});

describe(platformApps.name, () => {
  it('moves every service health port with PORT, in the order auth, registry, provisioning, sync, cost', () => {
    const settings = readSettings('/repo', { PORT: '9000', KUBE_SIM_PORT: '7000' });

    const sut = platformApps(settings, KEYS);

    expect(sut.map((app) => [app.name, app.env.HEALTH_PORT ?? app.env.PORT ?? app.env.KUBE_SIM_PORT])).toEqual([
      ['kube-sim', '7000'],
      ['auth', '9001'],
      ['registry', '9002'],
      ['provisioning', '9003'],
      ['sync', '9004'],
      ['cost', '9005'],
      ['gateway', '9000'],
    ]);
    expect(sut.every((app) => app.entry.startsWith('/repo/dist/apps/') && app.entry.endsWith('/src/main.js'))).toBe(true);
  });

  it('gives each app the shared settings but not another app’s port', () => {
    const settings = readSettings('/repo', { PORT: '9000', NATS_URL: 'nats://10.0.0.1:4222', LOG_LEVEL: 'debug' });
    const [, auth, , , , , gateway] = platformApps(settings, KEYS);

    const sut = appEnvironment(settings, auth, { PORT: '9000', HEALTH_PORT: '1', OTHER: 'kept' });

    expect(sut).toMatchObject({ HEALTH_PORT: '9001', NATS_URL: 'nats://10.0.0.1:4222', LOG_LEVEL: 'debug', OTHER: 'kept' });
    expect(sut.PORT).toBeUndefined();
    expect(appEnvironment(settings, gateway, { HEALTH_PORT: '1' }).HEALTH_PORT).toBeUndefined();
  });

  it('gives the registry, and only the registry, the credential keys and the default cluster’s kubeconfig', () => {
    const settings = readSettings('/repo', {});
    const apps = platformApps(settings, KEYS);
    const registry = apps.find((app) => app.name === 'registry')!;

    expect(appEnvironment(settings, registry, {})).toMatchObject({
      FLOTILLA_REGISTRY_KEYS: KEYS.keys,
      FLOTILLA_REGISTRY_ACTIVE_KEY: 'k1',
      FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG: '/repo/.flotilla/kube-sim/kubeconfigs/default.yaml',
    });
    for (const app of apps.filter((a) => a.name !== 'registry')) {
      expect(appEnvironment(settings, app, { FLOTILLA_REGISTRY_KEYS: KEYS.keys })).not.toHaveProperty('FLOTILLA_REGISTRY_KEYS');
    }
  });
});

describe(findNatsServer.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-nats-bin-'));
    writeFileSync(join(dir, 'nats-server'), '#!/bin/sh\n', { mode: 0o755 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nats-server on PATH', () => {
    expect(findNatsServer({ PATH: `/nonexistent:${dir}` })).toBe(join(dir, 'nats-server'));
  });

  it('looks only at NATS_SERVER_BIN when it is set', () => {
    expect(findNatsServer({ PATH: dir, NATS_SERVER_BIN: '/nonexistent/nats-server' })).toBeUndefined();
  });

  it('says how to install one', () => {
    expect(natsInstallHelp('nats://127.0.0.1:4222')).toMatch(/apt install nats-server[\s\S]*brew install nats-server[\s\S]*docker compose up -d nats/);
  });
});

describe('output', () => {
  it('pads the app name into one column', () => {
    expect(prefix('auth')).toBe('auth         | ');
    expect(prefix('provisioning')).toBe('provisioning | ');
  });

  it('keeps error log lines and crash output in quiet mode, drops the rest', () => {
    expect(isErrorLine('{"level":30,"msg":"ready"}')).toBe(false);
    expect(isErrorLine('{"level":50,"msg":"boom"}')).toBe(true);
    expect(isErrorLine('TypeError: x is not a function')).toBe(true);
    expect(isErrorLine('')).toBe(false);
  });

  it('hides a password in a URL', () => {
    expect(redactUrl('postgres://flotilla:secret@db:5432/flotilla')).toBe('postgres://flotilla:***@db:5432/flotilla');
  });
});

describe(renderBanner.name, () => {
  const settings = readSettings('/repo', {});
  const input = { settings, apps: platformApps(settings, KEYS), health: new Map(), started: {} };

  it('shows how to list the clusters with the bootstrap token auth printed during this start', () => {
    const token = bootstrapTokenIn('FLOTILLA BOOTSTRAP TOKEN: flt_abc123');

    const sut = renderBanner({ ...input, bootstrapToken: token });

    expect(sut).toContain('  TOKEN=flt_abc123   #');
    expect(sut).toContain('  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/clusters   # the registered clusters: kube-sim\'s "default", ready');
  });

  it('points at the first start’s token when auth did not print one now', () => {
    expect(bootstrapTokenIn('{"level":30,"msg":"FLOTILLA BOOTSTRAP TOKEN: x"}')).toBeUndefined();
    expect(renderBanner(input)).toContain('TOKEN=<the FLOTILLA BOOTSTRAP TOKEN auth printed on its first start>');
  });
});
