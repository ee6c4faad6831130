// Static checks of k8s/ as `kubectl kustomize` renders it (base and the dev overlay): every reference
// resolves, and every app gets the settings, probes and wiring it needs to start.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { APPS, HEALTH_PORTS, NATS_SERVICES, root } from './deploy-artifacts.fixtures';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
}
interface Container {
  name: string;
  image: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    template?: {
      metadata: { labels?: Record<string, string> };
      spec: { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } };
    };
  };
}

function render(dir: string): K8sObject[] {
  const out = execFileSync('kubectl', ['kustomize', join(root, dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

const find = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

function container(objects: K8sObject[], app: string): Container {
  const deployment = find(objects, 'Deployment', app);
  if (!deployment) throw new Error(`no Deployment ${app}`);
  return deployment.spec!.template!.spec.containers[0];
}

/** Every variable a container sees, with its value; throws on a reference to a missing ConfigMap, Secret or key. */
function resolvedEnv(objects: K8sObject[], c: Container): Record<string, string> {
  const fromSource = (kind: string, name: string): Record<string, string> => {
    const source = find(objects, kind, name);
    if (!source) throw new Error(`${c.name} references ${kind} ${name}, which the render does not contain`);
    const data = Object.fromEntries(Object.entries(source.data ?? {}).map(([k, v]) => [k, kind === 'Secret' ? Buffer.from(v, 'base64').toString() : v]));
    return { ...data, ...source.stringData };
  };
  const fromKey = (kind: string, ref: { name: string; key: string }): string => {
    const value = fromSource(kind, ref.name)[ref.key];
    if (value === undefined) throw new Error(`${c.name} references key ${ref.key} of ${kind} ${ref.name}, which has no such key`);
    return value;
  };
  const vars: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef) Object.assign(vars, fromSource('ConfigMap', from.configMapRef.name));
    if (from.secretRef) Object.assign(vars, fromSource('Secret', from.secretRef.name));
  }
  for (const v of c.env ?? []) {
    const secretRef = v.valueFrom?.secretKeyRef;
    const configRef = v.valueFrom?.configMapKeyRef;
    if (secretRef) vars[v.name] = fromKey('Secret', secretRef);
    else if (configRef) vars[v.name] = fromKey('ConfigMap', configRef);
    else vars[v.name] = v.value ?? '';
  }
  return vars;
}

/** The Secrets a container reads, by any route. */
function secretsUsed(c: Container): string[] {
  return [
    ...(c.envFrom ?? []).flatMap((f) => (f.secretRef ? [f.secretRef.name] : [])),
    ...(c.env ?? []).flatMap((v) => (v.valueFrom?.secretKeyRef ? [v.valueFrom.secretKeyRef.name] : [])),
  ];
}

function expectProbeOnDeclaredPort(c: Container, probe: Probe | undefined, what: string): void {
  expect(probe, `${c.name}: ${what}`).toBeDefined();
  if (!probe?.httpGet) return;
  const declared = (c.ports ?? []).flatMap((p) => [p.name, p.containerPort]);
  expect(declared, `${c.name}: ${what} port ${probe.httpGet.port} is not a container port`).toContain(probe.httpGet.port);
}

describe.each([
  { overlay: 'k8s/base', namespace: 'flotilla' },
  { overlay: 'k8s/overlays/dev', namespace: 'flotilla-dev' },
])('kustomize $overlay', ({ overlay, namespace }) => {
  let objects: K8sObject[];
  let deployments: K8sObject[];
  beforeAll(() => {
    objects = render(overlay);
    deployments = objects.filter((o) => o.kind === 'Deployment');
  });

  it('renders a Deployment and a Service for every app, labelled with its name and part-of', () => {
    for (const app of APPS) {
      const deployment = find(objects, 'Deployment', app);
      expect(deployment, app).toBeDefined();
      expect(find(objects, 'Service', app), app).toBeDefined();
      expect(deployment!.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'flotilla' });
      expect(deployment!.spec!.template!.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'flotilla' });
    }
  });

  it(`puts everything in namespace ${namespace}`, () => {
    expect(find(objects, 'Namespace', namespace)).toBeDefined();
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(namespace);
  });

  it('gives every container liveness and readiness probes on ports it declares, and resource requests and limits', () => {
    expect(deployments.length).toBeGreaterThanOrEqual(APPS.length);
    for (const c of deployments.flatMap((d) => d.spec!.template!.spec.containers)) {
      expectProbeOnDeclaredPort(c, c.livenessProbe, 'livenessProbe');
      expectProbeOnDeclaredPort(c, c.readinessProbe, 'readinessProbe');
      if (c.startupProbe) expectProbeOnDeclaredPort(c, c.startupProbe, 'startupProbe');
      expect(c.resources?.requests, c.name).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources?.limits, c.name).toMatchObject({ memory: expect.any(String) });
    }
  });

  it.each(APPS)('runs %s as non-root on a read-only root filesystem', (app) => {
    const pod = find(objects, 'Deployment', app)!.spec!.template!.spec;
    const c = container(objects, app);
    expect(c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot).toBe(true);
    expect(c.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(c.securityContext?.allowPrivilegeEscalation).toBe(false);
  });

  it('routes each Service to its Deployment pods and a port they declare', () => {
    for (const service of objects.filter((o) => o.kind === 'Service')) {
      const deployment = find(objects, 'Deployment', service.metadata.name);
      expect(deployment, `Service ${service.metadata.name} has no Deployment`).toBeDefined();
      expect(deployment!.spec!.template!.metadata.labels).toMatchObject(service.spec!.selector!);
      const c = deployment!.spec!.template!.spec.containers[0];
      const declared = (c.ports ?? []).flatMap((p) => [p.name, p.containerPort]);
      for (const port of service.spec!.ports ?? []) expect(declared).toContain(port.targetPort ?? port.port);
    }
  });

  it.each(NATS_SERVICES)('gives %s NATS_URL, DATABASE_URL and a HEALTH_PORT that matches its probes', (app) => {
    const c = container(objects, app);
    const vars = resolvedEnv(objects, c);
    expect(vars.NATS_URL).toMatch(/^nats:\/\//);
    expect(vars.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(vars.HEALTH_HOST).toBe('0.0.0.0');
    expect(Number(vars.HEALTH_PORT)).toBe(HEALTH_PORTS[app]);
    const health = c.ports?.find((p) => p.name === c.readinessProbe?.httpGet?.port || p.containerPort === c.readinessProbe?.httpGet?.port);
    expect(health?.containerPort).toBe(HEALTH_PORTS[app]);
    expect(c.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(c.readinessProbe?.httpGet?.path).toBe('/health/ready');
  });

  it('gives the gateway NATS_URL, DATABASE_URL (its readiness checks Postgres) and makes it listen on all interfaces', () => {
    const vars = resolvedEnv(objects, container(objects, 'gateway'));
    expect(vars.NATS_URL).toMatch(/^nats:\/\//);
    expect(vars.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(vars.HOST).toBe('0.0.0.0');
  });

  it('hands FLOTILLA_REGISTRY_KEYS to registry from a Secret, and that Secret to no other app', () => {
    const registry = container(objects, 'registry');
    const fromSecretKey = registry.env?.find((v) => v.name === 'FLOTILLA_REGISTRY_KEYS')?.valueFrom?.secretKeyRef;
    const fromSecret = fromSecretKey?.name ?? (registry.envFrom ?? []).find((f) => f.secretRef && 'FLOTILLA_REGISTRY_KEYS' in (find(objects, 'Secret', f.secretRef.name)?.stringData ?? {}))?.secretRef?.name;
    expect(fromSecret).toBeDefined();
    expect(resolvedEnv(objects, registry).FLOTILLA_REGISTRY_KEYS).toBeTruthy();
    for (const app of APPS.filter((a) => a !== 'registry')) expect(secretsUsed(container(objects, app))).not.toContain(fromSecret);
  });

  it('references only ConfigMaps and Secrets that the render contains', () => {
    // A dangling reference (a typo, or a generated name kustomize did not rewrite) stops the pod from starting.
    for (const d of deployments) for (const c of d.spec!.template!.spec.containers) expect(() => resolvedEnv(objects, c)).not.toThrow();
  });
});

describe('kustomize k8s/base placeholders', () => {
  it('ships only obvious placeholder secret values', () => {
    const secrets = render('k8s/base').filter((o) => o.kind === 'Secret');
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual(['flotilla-database', 'flotilla-encryption']);
    for (const s of secrets) for (const value of Object.values(s.stringData ?? {})) expect(value).toContain('change-me');
  });
});

describe('kustomize k8s/overlays/dev specifics', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render('k8s/overlays/dev');
  });

  it('runs one replica of every Deployment', () => {
    for (const d of objects.filter((o) => o.kind === 'Deployment')) expect(d.spec?.replicas, d.metadata.name).toBe(1);
  });

  it('uses the dev image tag for every app and logs at debug level', () => {
    for (const app of APPS) expect(container(objects, app).image).toBe(`flotilla/${app}:dev`);
    expect(resolvedEnv(objects, container(objects, 'auth')).LOG_LEVEL).toBe('debug');
    expect(resolvedEnv(objects, container(objects, 'kube-sim')).LOG_LEVEL).toBe('debug');
  });

  it('brings the Postgres and NATS that its connection settings point at', () => {
    const vars = resolvedEnv(objects, container(objects, 'auth'));
    expect(find(objects, 'Service', new URL(vars.DATABASE_URL).hostname)).toBeDefined();
    expect(find(objects, 'Service', new URL(vars.NATS_URL).hostname)).toBeDefined();
  });
});
