import { startControllers } from '../controllers/start-controllers';
import { addReadyNode } from '../controllers/testing.util';
import { builtinFieldIndexes } from './builtin-field-index';
import { unknownFieldPaths } from './field-index';
import { loadCrd } from './testing/crd-fixtures';
import { startSimHttp, type SimHttp } from './testing/sim-http';

const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
type Json = any;
const json = async (res: Response | Promise<Response>): Promise<Json> => (await res).json();

const typoDeployment = (name: string): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicass: 3,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolicyy: 'Always' }] } },
  },
});

const STRICT_CREATE =
  'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass", unknown field "spec.template.spec.containers[0].imagePullPolicyy"';

describe('fieldValidation on built-in kinds', () => {
  let sut: SimHttp;
  const send = (method: string, path: string, body: unknown, contentType = 'application/json') =>
    fetch(`${sut.url}${path}`, { method, headers: { 'content-type': contentType }, body: JSON.stringify(body) });

  beforeAll(async () => {
    sut = await startSimHttp();
  });
  afterAll(() => sut.close());

  it('rejects unknown fields with Strict, naming every one as kube-apiserver does', async () => {
    const res = await send('POST', `${DEPLOY}?fieldValidation=Strict`, typoDeployment('strict'));
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400, message: STRICT_CREATE });
    expect(sut.sim.get('deployments.apps', 'default', 'strict')).toBeUndefined();
  });

  it('warns by default and with Warn, stays silent with Ignore, and drops the fields either way', async () => {
    for (const [name, query] of [['default', ''], ['warn', '?fieldValidation=Warn']]) {
      const res = await send('POST', `${DEPLOY}${query}`, typoDeployment(name));
      expect(res.status).toBe(201);
      expect(res.headers.get('warning')).toBe('299 - "unknown field \\"spec.replicass\\"", 299 - "unknown field \\"spec.template.spec.containers[0].imagePullPolicyy\\""');
    }
    const ignored = await send('POST', `${DEPLOY}?fieldValidation=Ignore`, typoDeployment('ignore'));
    expect(ignored.status).toBe(201);
    expect(ignored.headers.get('warning')).toBeNull();
    const stored = sut.sim.get('deployments.apps', 'default', 'ignore') as Json;
    expect(stored.spec.replicass).toBeUndefined();
    expect(stored.spec.template.spec.containers[0]).toEqual({ name: 'web', image: 'nginx' });
  });

  it('checks the result of a merge or strategic merge patch, and a replace', async () => {
    const merge = await send('PATCH', `${DEPLOY}/warn?fieldValidation=Strict`, { spec: { replicass: 2 } }, 'application/merge-patch+json');
    expect(merge.status).toBe(400);
    expect((await json(merge)).message).toBe('strict decoding error: unknown field "spec.replicass"');
    const strategic = await send('PATCH', `${DEPLOY}/warn`, { spec: { template: { spec: { containers: [{ name: 'web', imagee: 'x' }] } } } }, 'application/strategic-merge-patch+json');
    expect(strategic.status).toBe(200);
    expect(strategic.headers.get('warning')).toBe('299 - "unknown field \\"spec.template.spec.containers[0].imagee\\""');
    const current = await json(fetch(`${sut.url}${DEPLOY}/warn`));
    const replaced = await send('PUT', `${DEPLOY}/warn?fieldValidation=Strict`, { ...current, metadata: { ...current.metadata, labelz: {} } });
    expect((await json(replaced)).message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.labelz"');
  });

  it('fails a server-side apply with an undeclared field whatever the mode, as structured-merge-diff does', async () => {
    const res = await send('PATCH', `${DEPLOY}/applied?fieldManager=alice&fieldValidation=Ignore`, typoDeployment('applied'), 'application/apply-patch+yaml');
    expect(res.status).toBe(400);
    expect((await json(res)).message).toBe(
      'failed to create typed patch object (default/applied; apps/v1, Kind=Deployment): errors:\n' +
        '  .spec.replicass: field not declared in schema\n' +
        '  .spec.template.spec.containers[name="web"].imagePullPolicyy: field not declared in schema',
    );
  });

  it('answers 400 for an unsupported mode', async () => {
    const res = await send('POST', `${DEPLOY}?fieldValidation=Loud`, typoDeployment('loud'));
    expect(res.status).toBe(400);
    expect((await json(res)).message).toBe('fieldValidation: Unsupported value: "Loud"');
  });

  it('accepts every field of real objects with Strict: a full pod, a Role, a NetworkPolicy and a real CRD', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'full', labels: { a: 'b' }, annotations: { x: 'y' }, finalizers: ['example.com/keep'] },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'Always',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            resources: { requests: { cpu: '100m' }, limits: { 'nvidia.com/gpu': '1' } },
            readinessProbe: { httpGet: { path: '/', port: 'http' } },
            securityContext: { capabilities: { add: ['NET_ADMIN'] } },
          },
        ],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }] } } },
        tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    };
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
    const netpol = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } };
    const writes: [string, unknown][] = [
      ['/api/v1/namespaces/default/pods', pod],
      ['/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', role],
      ['/apis/networking.k8s.io/v1/namespaces/default/networkpolicies', netpol],
      ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions', loadCrd('cnpg-clusters.yaml.gz')],
      ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions', loadCrd('strimzi-040-Crd-kafka.yaml.gz')],
    ];
    for (const [path, body] of writes) {
      const res = await send('POST', `${path}?fieldValidation=Strict`, body);
      expect({ path, status: res.status }).toEqual({ path, status: 201 });
    }
    const role2 = await send('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles?fieldValidation=Strict', { ...role, metadata: { name: 'r2' }, rules: [{ verbz: [] }] });
    expect((await json(role2)).message).toBe('Role in version "v1" cannot be handled as a Role: strict decoding error: unknown field "rules[0].verbz"');
  });
});

describe('objects kube-sim writes itself', () => {
  it('only hold fields their schemas declare, so a client can send them back with Strict', async () => {
    const sut = await startSimHttp();
    const stop = startControllers(sut.sim, { kubelet: { createDelayMs: 0, startDelayMs: 1 } });
    try {
      addReadyNode(sut.sim, 'n1', { cpu: '4', memory: '8Gi' });
      await fetch(`${sut.url}${DEPLOY}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...typoDeployment('own'), spec: { ...typoDeployment('own').spec, replicas: 2 } }) });
      await vi.waitFor(() => expect(sut.sim.get('deployments.apps', 'default', 'own')?.status).toMatchObject({ availableReplicas: 2 }));
      const unknown = sut.sim.resourceTypes.flatMap((rt) => {
        const index = builtinFieldIndexes.of(rt);
        if (!index || !rt.verbs.includes('list')) return [];
        return sut.sim.list(rt).flatMap((obj) => unknownFieldPaths(index, obj).map((path) => `${rt.kind} ${obj.metadata.name}: ${path}`));
      });
      expect(unknown).toEqual([]);
    } finally {
      stop();
      await sut.close();
    }
  });
});
