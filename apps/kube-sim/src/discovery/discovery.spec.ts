import type { ResourceType } from '../server/cluster-api';
import { flavour } from '../flavours/flavour';
import { allResourceTypes, discoveryDocument } from './discovery';

const TYPES: ResourceType[] = [
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], verbs: ['get', 'list'], subresources: ['status', 'log'], categories: ['all'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], verbs: ['get'], subresources: ['scale'] },
];

describe(discoveryDocument.name, () => {
  it('lists core resources with their subresources as <plural>/<sub>', () => {
    const sut = discoveryDocument(TYPES, '/api/v1', '127.0.0.1:6443') as { resources: { name: string; kind: string; categories?: string[] }[] };
    expect(sut.resources.map((resource) => resource.name)).toEqual(['pods', 'pods/status', 'pods/log']);
    expect(sut.resources[0]).toMatchObject({ kind: 'Pod', singularName: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'] });
  });

  it('answers /apis, /apis/<group> and /apis/<group>/<version>, with Scale as the kind of scale', () => {
    expect(discoveryDocument(TYPES, '/apis', '')).toMatchObject({ kind: 'APIGroupList', groups: [{ name: 'apps', preferredVersion: { groupVersion: 'apps/v1' } }] });
    expect(discoveryDocument(TYPES, '/apis/apps', '')).toMatchObject({ kind: 'APIGroup', name: 'apps' });
    const list = discoveryDocument(TYPES, '/apis/apps/v1', '') as { resources: { name: string; kind: string }[] };
    expect(list.resources).toContainEqual(expect.objectContaining({ name: 'deployments/scale', kind: 'Scale' }));
    expect(discoveryDocument(TYPES, '/apis/batch/v1', '')).toBeUndefined();
  });

  it("adds a flavour's API groups (OpenShift routes)", () => {
    const types = allResourceTypes(TYPES, flavour('openshift').extraApiGroups);
    const groups = (discoveryDocument(types, '/apis', '') as { groups: { name: string }[] }).groups.map((group) => group.name);
    expect(groups).toEqual(['apps', 'config.openshift.io', 'route.openshift.io']);
  });
});
