/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// CustomResourceDefinitions through kubectl over HTTPS and kube-sim's written kubeconfig: a real
// upstream CRD (Strimzi Kafka, apps/kube-sim/schemas) is applied, discovered by its short name, and
// its custom resources are validated against the CRD's schema.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { KubeSimConfig, startKubeSim, type KubeSim } from '@flotilla/app-kube-sim';

const exec = promisify(execFile);
const CRD_FILE = join(__dirname, '..', '..', 'apps', 'kube-sim', 'schemas', 'strimzi-040-Crd-kafka.yaml.gz');

const KAFKA = (name: string, port: string) => `apiVersion: kafka.strimzi.io/v1
kind: Kafka
metadata: { name: ${name}, namespace: crd }
spec:
  kafka:
    listeners: [{ name: plain, port: ${port}, type: internal, tls: false }]
`;

describe('kube-sim CustomResourceDefinitions (kubectl)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-crd-'));
  const kubeconfig = join(dataDir, 'kubeconfigs', 'default.yaml');
  let sim: KubeSim;
  const write = (name: string, text: string | Buffer) => {
    const file = join(dataDir, name);
    writeFileSync(file, text);
    return file;
  };
  const kubectl = async (...args: string[]) => (await exec('kubectl', ['--kubeconfig', kubeconfig, ...args])).stdout;
  const failure = (...args: string[]) =>
    exec('kubectl', ['--kubeconfig', kubeconfig, ...args]).then(
      () => '',
      (error: { stderr?: string }) => error.stderr ?? '',
    );

  beforeAll(async () => {
    // without the operators, which would have installed the Strimzi CRD already
    sim = await startKubeSim(Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1', KUBE_SIM_OPERATORS: false }));
    await kubectl('create', 'namespace', 'crd');
  });
  afterAll(() => sim?.close());

  it('applies a real CRD and gets its resources by short name', async () => {
    const crd = write('kafka-crd.yaml', gunzipSync(readFileSync(CRD_FILE)));
    expect(await kubectl('apply', '-f', crd)).toMatch(/customresourcedefinition.apiextensions.k8s.io\/kafkas.kafka.strimzi.io created/);
    expect(await kubectl('get', 'crd', 'kafkas.kafka.strimzi.io', '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}')).toBe('True');
    expect(await kubectl('api-resources', '--api-group=kafka.strimzi.io')).toMatch(/^kafkas\s+k\s+kafka.strimzi.io\/v1\s+true\s+Kafka/m);
    expect(await kubectl('apply', '-f', write('kafka.yaml', KAFKA('events', '9092')))).toMatch(/kafka.kafka.strimzi.io\/events created/);
    expect(await kubectl('get', 'k', '-n', 'crd')).toMatch(/^NAME\s+READY\s+WARNINGS\s+KAFKA VERSION.*\nevents\s/);
    expect(await kubectl('get', 'kafka', 'events', '-n', 'crd', '-o', 'jsonpath={.spec.kafka.listeners[0].port}')).toBe('9092');
  });

  it('publishes the CRD schema in OpenAPI v3 for kubectl explain', async () => {
    expect(await kubectl('explain', 'kafka.spec.kafka.listeners.port')).toMatch(/FIELD:\s+port <integer>/);
  });

  it('rejects an invalid custom resource naming the field', async () => {
    expect(await failure('apply', '--validate=false', '-f', write('bad-kafka.yaml', KAFKA('broken', '"not-a-port"')))).toMatch(/spec.kafka.listeners\[0\].port: Invalid value/);
  });

  it('deletes the CRD and with it the custom resources', async () => {
    await kubectl('delete', 'crd', 'kafkas.kafka.strimzi.io');
    // kubectl still knows "k" from its discovery cache; the server answers 404 for the gone type
    expect(await failure('get', 'k', '-n', 'crd')).toMatch(/NotFound.*kafka.strimzi.io\/v1, Resource=kafkas.*could not find the requested resource/);
    expect(await kubectl('api-versions')).not.toContain('kafka.strimzi.io');
  });
});
