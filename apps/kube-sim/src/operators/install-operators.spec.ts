import { SimApiServer } from '../apiserver/api-handler';
import { addReadyNode } from '../controllers/testing.util';
import { KubeSimConfig } from '../kube-sim.config';
import { clusterApiFactoryFor } from '../server/cluster-api.factory';
import { apiGroupList, apiResourceList } from '../discovery/discovery';
import { installOperators, operatorsFor } from './install-operators';

const preferred = (api: SimApiServer, group: string) =>
  ((apiGroupList(api.resourceTypes).groups as { name: string; preferredVersion: { version: string } }[]).find((g) => g.name === group) ?? { preferredVersion: undefined }).preferredVersion?.version;

describe(installOperators.name, () => {
  it('serves the operator kinds, each group preferring its newest stable version as kube-apiserver does', () => {
    const sut = new SimApiServer();
    installOperators(sut);
    expect(['kubevirt.io', 'postgresql.cnpg.io', 'kafka.strimzi.io', 'cluster.x-k8s.io', 'kubeflow.org'].map((group) => preferred(sut, group))).toEqual(['v1', 'v1', 'v1', 'v1beta2', 'v1']);
    expect(sut.list('customresourcedefinitions.apiextensions.k8s.io')).toHaveLength(6);
  });

  it('lists KubeVirt’s actions under subresources.kubevirt.io, with no resources of their own', () => {
    const sut = new SimApiServer();
    installOperators(sut);
    const list = apiResourceList(sut.resourceTypes, 'subresources.kubevirt.io/v1') as { resources: { name: string; verbs: string[] }[] };
    expect(list.resources.map((r) => `${r.name}:${r.verbs.join()}`)).toEqual([
      'virtualmachines/start:update',
      'virtualmachines/stop:update',
      'virtualmachines/restart:update',
      'virtualmachineinstances/pause:update',
      'virtualmachineinstances/unpause:update',
    ]);
  });

  it('installs nothing when the operators are turned off', () => {
    const sut = operatorsFor({ KUBE_SIM_OPERATORS: false, KUBE_SIM_OPERATOR_STEP_MS: 0 }).install(new SimApiServer());
    expect(sut.list('customresourcedefinitions.apiextensions.k8s.io')).toEqual([]);
    expect(operatorsFor({ KUBE_SIM_OPERATORS: false, KUBE_SIM_OPERATOR_STEP_MS: 0 }).controllers).toEqual([]);
  });

  it('runs the operators on the cluster’s simulated clock: a minute-long guest boot passes in a blink at time scale 1000', async () => {
    const config = Object.assign(new KubeSimConfig(), { KUBE_SIM_OPERATOR_STEP_MS: 60_000, KUBE_SIM_KUBELET_START_DELAY_MS: 0, KUBE_SIM_TIME_SCALE: 1000 });
    const sut = clusterApiFactoryFor(config)({}) as SimApiServer & { close(): void };
    addReadyNode(sut, 'worker-1', { cpu: '8', memory: '32Gi' });
    const template = { spec: { domain: { devices: {}, resources: { requests: { memory: '1Gi' } } } } };
    sut.create({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'quick', namespace: 'default' }, spec: { runStrategy: 'Always', template } });
    await vi.waitFor(() => expect((sut.get('virtualmachines.kubevirt.io', 'default', 'quick')?.status as { printableStatus?: string })?.printableStatus).toBe('Running'), { timeout: 10_000 });
    sut.close();
  });
});
