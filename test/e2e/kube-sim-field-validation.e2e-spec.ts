/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// Server-side field validation of built-in kinds through kubectl, which asks for
// fieldValidation=Strict by default: a typo in a manifest fails with the message a real cluster gives.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kubectlWith, startSimUnderTest, type Kubectl, type SimUnderTest } from '@flotilla/app-kube-sim/testing';

const exec = promisify(execFile);

const DEPLOYMENT = (name: string, extra = '', containerExtra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: fv }
spec:
  replicas: 1${extra}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
      - name: web
        image: nginx:1.27${containerExtra}
`;

describe('kube-sim field validation (kubectl)', () => {
  let harness: SimUnderTest;
  let ctl: Kubectl;
  let kubeconfig: string;
  const write = (name: string, text: string) => ctl.write(name, text);
  // stdout and stderr both: a successful apply may warn
  const kubectl = (...args: string[]) => exec('kubectl', ['--kubeconfig', kubeconfig, ...args]);
  const stderrOf = (...args: string[]) => ctl.failure(...args);

  beforeAll(async () => {
    harness = await startSimUnderTest({ KUBE_SIM_DEFAULT_CLUSTER: true });
    kubeconfig = harness.sim.registry.get('default').kubeconfigPath;
    ctl = kubectlWith(kubeconfig, harness.dataDir);
    await kubectl('create', 'namespace', 'fv');
  });
  afterAll(() => harness?.close());

  it('refuses a new manifest with a typo, as a real cluster does', async () => {
    const file = write('typo.yaml', DEPLOYMENT('typo', '\n  replicass: 3'));
    expect(await stderrOf('apply', '-f', file)).toContain(
      `Error from server (BadRequest): error when creating "${file}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"`,
    );
    expect(await stderrOf('get', 'deployment', 'typo', '-n', 'fv')).toMatch(/NotFound/);
  });

  it('refuses a typo in the update of an existing object', async () => {
    await kubectl('apply', '-f', write('good.yaml', DEPLOYMENT('good')));
    const stderr = await stderrOf('apply', '-f', write('good-typo.yaml', DEPLOYMENT('good', '', '\n        imagePullPolicyy: Always')));
    expect(stderr).toMatch(/Error from server \(BadRequest\)/);
    expect(stderr).toContain('strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"');
  });

  it('applies with a warning when asked to warn', async () => {
    const { stdout, stderr } = await kubectl('apply', '--validate=warn', '-f', write('warn.yaml', DEPLOYMENT('warned', '\n  replicass: 3')));
    expect(stdout).toMatch(/deployment.apps\/warned created/);
    expect(stderr).toContain('Warning: unknown field "spec.replicass"');
    expect((await kubectl('get', 'deployment', 'warned', '-n', 'fv', '-o', 'jsonpath={.spec}')).stdout).not.toContain('replicass');
  });

  it('names the undeclared field on a server-side apply', async () => {
    expect(await stderrOf('apply', '--server-side', '-f', write('ssa.yaml', DEPLOYMENT('ssa', '\n  replicass: 3')))).toContain(
      'failed to create typed patch object (fv/ssa; apps/v1, Kind=Deployment): .spec.replicass: field not declared in schema',
    );
  });

  it('accepts back, with strict validation, every object kube-sim wrote itself', async () => {
    const kinds = 'nodes,pods,replicasets,deployments,leases,events,namespaces,serviceaccounts,configmaps';
    const items = (JSON.parse((await kubectl('get', kinds, '-A', '-o', 'json')).stdout) as { items: { metadata: { resourceVersion?: string } }[] }).items;
    expect(items.length).toBeGreaterThan(5);
    // controllers and heartbeats keep writing: replace unconditionally
    for (const item of items) delete item.metadata.resourceVersion;
    // one document per object: kubectl validates a v1 List against the v2 document it asks for in protobuf
    const file = write('all.json', items.map((item) => JSON.stringify(item)).join('\n'));
    const { stderr } = await kubectl('replace', '--dry-run=server', '--validate=strict', '-f', file);
    expect(stderr).not.toMatch(/Warning/);
  });
});
