// Static checks of docker-compose.yml: it parses, and every app gets the settings, healthcheck and
// wiring it needs to start. No container engine needed (`docker compose config` runs when there is one).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APPS, HEALTH_PORTS, NATS_SERVICES, read, root } from './deploy-artifacts.fixtures';

interface ComposeService {
  image?: string;
  command?: string[];
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: string[];
  volumes?: string[];
}

function composeAvailable(): boolean {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The port a `node -e "fetch('http://127.0.0.1:<port>/...')"` healthcheck probes. */
function healthcheckUrl(service: ComposeService): URL {
  const test = service.healthcheck?.test;
  const script = Array.isArray(test) ? test.join(' ') : String(test);
  const match = /fetch\('([^']+)'\)/.exec(script);
  if (!match) throw new Error(`healthcheck does not fetch a URL: ${script}`);
  return new URL(match[1]);
}

describe('docker-compose.yml', () => {
  const text = read('docker-compose.yml');
  // merge: true resolves the `<<: *service-env` extension fields like Compose does.
  const compose = parse(text, { merge: true }) as { services: Record<string, ComposeService> };
  const services = compose.services;
  const env = (name: string): Record<string, string> =>
    Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, String(v)]));

  it('parses, and Compose itself accepts it when the plugin is installed', () => {
    expect(services).toBeTypeOf('object');
    // The compose plugin is optional on CI machines; when present it checks the full schema.
    if (composeAvailable()) {
      expect(() => execFileSync('docker', ['compose', '-f', join(root, 'docker-compose.yml'), 'config', '-q'], { cwd: root, stdio: 'pipe' })).not.toThrow();
    }
  });

  it('runs every app plus postgres and nats', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([...APPS, 'postgres', 'nats']));
  });

  it.each(APPS)('builds %s from the root Dockerfile with APP set to its own name', (app) => {
    expect(services[app].build?.context).toBe('.');
    expect(services[app].build?.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
    expect(services[app].build?.args?.APP).toBe(app);
    expect(existsSync(join(root, 'apps', app))).toBe(true);
  });

  it.each(['gateway', ...NATS_SERVICES])('gives %s NATS_URL and DATABASE_URL pointing at the compose services', (app) => {
    const vars = env(app);
    expect(new URL(vars.NATS_URL).hostname).toBe('nats');
    expect(new URL(vars.DATABASE_URL).hostname).toBe('postgres');
    expect(vars.HEALTH_HOST).toBe('0.0.0.0');
  });

  it('gives only registry the credential encryption keys', () => {
    expect(env('registry').FLOTILLA_REGISTRY_KEYS).toMatch(/^\S+:\S+/);
    for (const app of APPS.filter((a) => a !== 'registry')) expect(env(app)).not.toHaveProperty('FLOTILLA_REGISTRY_KEYS');
  });

  it("hands registry kube-sim's default cluster from kube-sim's volume, once kube-sim is healthy", () => {
    const mounts = (services.registry.volumes ?? []).map(String);
    expect(mounts).toContain('kube-sim-data:/kube-sim:ro');
    expect(env('registry').FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG).toBe('${FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG-/kube-sim/kubeconfigs/default.yaml}');
    expect((services.registry.depends_on as Record<string, unknown>)['kube-sim']).toEqual({ condition: 'service_healthy' });
  });

  it.each(APPS)('healthchecks %s with node (the slim image has no curl or wget) on the port it listens on', (app) => {
    const test = services[app].healthcheck?.test;
    expect(Array.isArray(test) && test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const url = healthcheckUrl(services[app]);
    const expected = { gateway: env('gateway').PORT, 'kube-sim': env('kube-sim').KUBE_SIM_PORT }[app as string] ?? env(app).HEALTH_PORT;
    expect(url.port).toBe(expected);
    expect(url.hostname).toBe('127.0.0.1');
  });

  it.each(NATS_SERVICES)('sets the documented HEALTH_PORT for %s', (app) => {
    expect(env(app).HEALTH_PORT).toBe(String(HEALTH_PORTS[app]));
  });

  it('starts apps only once what they depend on is healthy, and everything depended on has a healthcheck', () => {
    for (const app of APPS) {
      const deps = services[app].depends_on ?? {};
      expect(Array.isArray(deps), `${app}: depends_on needs the long form to carry a condition`).toBe(false);
      for (const [dep, spec] of Object.entries(deps)) {
        expect(spec.condition, `${app} -> ${dep}`).toBe('service_healthy');
        expect(services[dep]?.healthcheck?.test, `${dep} is depended on but has no healthcheck`).toBeDefined();
      }
    }
    for (const app of ['gateway', ...NATS_SERVICES]) {
      expect(Object.keys(services[app].depends_on ?? {})).toEqual(expect.arrayContaining(['postgres', 'nats']));
    }
    expect(Object.keys(services.gateway.depends_on ?? {})).toEqual(expect.arrayContaining([...NATS_SERVICES]));
  });

  it('checks Postgres with pg_isready and NATS on its monitoring port, with JetStream enabled', () => {
    expect(JSON.stringify(services.postgres.healthcheck?.test)).toContain('pg_isready');
    expect(services.nats.command).toEqual(expect.arrayContaining(['-js', '-m', '8222']));
    expect(JSON.stringify(services.nats.healthcheck?.test)).toContain(':8222/healthz');
  });

  it('publishes the gateway on 8080', () => {
    expect(services.gateway.ports).toContain('8080:8080');
  });
});
