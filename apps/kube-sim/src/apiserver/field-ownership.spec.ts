import { loadCrd } from './testing/crd-fixtures';
import { startSimHttp, type SimHttp } from './testing/sim-http';

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const APPLY = 'application/apply-patch+yaml';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
type Json = any;
const json = async (res: Promise<Response> | Response): Promise<Json> => (await res).json();

const deployment = (replicas: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    ...extra,
  },
});

describe('server-side apply field ownership', () => {
  let sut: SimHttp;
  const send = (method: string, path: string, body: unknown, contentType = 'application/json') =>
    fetch(`${sut.url}${path}`, { method, headers: { 'content-type': contentType }, body: JSON.stringify(body) });
  const apply = (path: string, body: unknown, query: string) => send('PATCH', `${path}?${query}`, body, APPLY);

  beforeAll(async () => {
    sut = await startSimHttp();
  });
  afterAll(() => sut.close());

  it('records managedFields on apply and on update', async () => {
    const created = await json(apply(`${CM}/a`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1' } }, 'fieldManager=alice'));
    expect(created.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'alice', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:x': {} } } })]);
    const patched = await json(send('PATCH', `${CM}/a?fieldManager=bob`, { data: { y: '2' } }, 'application/merge-patch+json'));
    expect(patched.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: 'bob', operation: 'Update', fieldsV1: { 'f:data': { 'f:y': {} } } }));
    const put = await json(send('PUT', `${CM}/a`, { ...patched, data: { ...patched.data, z: '3' } }));
    expect(put.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: 'node', operation: 'Update', fieldsV1: { 'f:data': { 'f:z': {} } } }));
  });

  it('answers 409 for a field another manager owns, and takes it over with force', async () => {
    expect((await apply(`${DEPLOY}/web`, deployment(1), 'fieldManager=alice')).status).toBe(201);
    const conflict = await apply(`${DEPLOY}/web`, deployment(3), 'fieldManager=bob');
    expect(conflict.status).toBe(409);
    const status = await json(conflict);
    expect(status.reason).toBe('Conflict');
    expect(status.details.causes).toEqual([{ type: 'FieldManagerConflict', reason: 'FieldManagerConflict', message: 'conflict with "alice": .spec.replicas', field: '.spec.replicas' }]);
    const forced = await json(apply(`${DEPLOY}/web`, deployment(3), 'fieldManager=bob&force=true'));
    expect(forced.spec.replicas).toBe(3);
    const alice = forced.metadata.managedFields.find((e: { manager: string }) => e.manager === 'alice');
    expect(alice.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    expect(alice.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']).toBeDefined();
  });

  it('removes the fields a manager no longer applies when nobody else owns them', async () => {
    await apply(`${CM}/r`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r' }, data: { keep: '1', drop: '2' } }, 'fieldManager=alice');
    const after = await json(apply(`${CM}/r`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r' }, data: { keep: '1' } }, 'fieldManager=alice'));
    expect(after.data).toEqual({ keep: '1' });
  });
});

describe('fieldValidation on custom resources', () => {
  let sut: SimHttp;
  const path = '/apis/postgresql.cnpg.io/v1/namespaces/default/clusters';
  const pg = (name: string) => ({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name }, spec: { instances: 1, storage: { size: '1Gi' }, foo: 1 } });
  const post = (name: string, mode: string) =>
    fetch(`${sut.url}${path}?fieldValidation=${mode}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pg(name)) });

  beforeAll(async () => {
    sut = await startSimHttp();
    const crd = await fetch(`${sut.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(loadCrd('cnpg-clusters.yaml.gz')) });
    expect(crd.status).toBe(201);
  });
  afterAll(() => sut.close());

  it('rejects unknown fields with Strict', async () => {
    const res = await post('strict', 'Strict');
    expect(res.status).toBe(400);
    expect((await json(res)).message).toBe('Cluster in version "v1" cannot be handled as a Cluster: strict decoding error: unknown field "spec.foo"');
  });

  it('stores with a Warning header with Warn, silently with Ignore (both pruned)', async () => {
    const warned = await post('warn', 'Warn');
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\""');
    expect((await json(warned)).spec.foo).toBeUndefined();
    const ignored = await post('ignore', 'Ignore');
    expect(ignored.status).toBe(201);
    expect(ignored.headers.get('warning')).toBeNull();
  });
});
