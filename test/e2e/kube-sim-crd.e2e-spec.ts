/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// CustomResourceDefinitions through kubectl over HTTPS and kube-sim's written kubeconfig: a real
// upstream CRD (Strimzi Kafka, apps/kube-sim/schemas) is applied, discovered by its short name, and
// its custom resources are validated against the CRD's schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { kubectlWith, startSimUnderTest, type Kubectl, type SimUnderTest } from '@flotilla/app-kube-sim/testing';

const CRD_FILE = join(__dirname, '..', '..', 'apps', 'kube-sim', 'schemas', 'strimzi-040-Crd-kafka.yaml.gz');

const KAFKA = (name: string, port: string) => `apiVersion: kafka.strimzi.io/v1
kind: Kafka
metadata: { name: ${name}, namespace: crd }
spec:
  kafka:
    listeners: [{ name: plain, port: ${port}, type: internal, tls: false }]
`;

describe('kube-sim CustomResourceDefinitions (kubectl)', () => {
  let harness: SimUnderTest;
  let ctl: Kubectl;
  const kubectl = (...args: string[]) => ctl.run(...args);
  const failure = (...args: string[]) => ctl.failure(...args);
  const write = (name: string, text: string | Buffer) => ctl.write(name, text);

  beforeAll(async () => {
    // without the operators, which would have installed the Strimzi CRD already
    harness = await startSimUnderTest({ KUBE_SIM_OPERATORS: false });
    ctl = kubectlWith((await harness.cluster('vanilla')).kubeconfigPath, harness.dataDir);
    await kubectl('create', 'namespace', 'crd');
  });
  afterAll(() => harness?.close());

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
