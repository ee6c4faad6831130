import { SimApiServer } from '../apiserver/api-handler';
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
});
