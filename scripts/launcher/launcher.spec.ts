import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEnvironment, platformApps } from './apps';
import { findNatsServer, natsInstallHelp } from './nats';
import { isErrorLine, prefix } from './output';
import { readSettings, redactUrl } from './settings';

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
      quiet: false,
    });
  });

  it('rejects a PORT that leaves no room for the five service ports', () => {
    expect(() => readSettings('/repo', { PORT: '65531' })).toThrow(/PORT=65531/);
    expect(() => readSettings('/repo', { PORT: 'http' })).toThrow(/PORT=http/);
  });
});

describe(platformApps.name, () => {
  it('moves every service health port with PORT, in the order auth, registry, provisioning, sync, cost', () => {
    const settings = readSettings('/repo', { PORT: '9000', KUBE_SIM_PORT: '7000' });

    const sut = platformApps(settings);

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
    const [, auth, , , , , gateway] = platformApps(settings);

    const sut = appEnvironment(settings, auth, { PORT: '9000', HEALTH_PORT: '1', OTHER: 'kept' });

    expect(sut).toMatchObject({ HEALTH_PORT: '9001', NATS_URL: 'nats://10.0.0.1:4222', LOG_LEVEL: 'debug', OTHER: 'kept' });
    expect(sut.PORT).toBeUndefined();
    expect(appEnvironment(settings, gateway, { HEALTH_PORT: '1' }).HEALTH_PORT).toBeUndefined();
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
