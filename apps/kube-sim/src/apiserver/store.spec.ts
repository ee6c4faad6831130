import { builtinResourceTypes } from './resource-types';
import { jsonOf, ObjectStore, type KubeObject } from './store';

const pods = builtinResourceTypes().find((rt) => rt.plural === 'pods' && rt.group === '')!;
const pod = (namespace: string, name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } });
const names = (objects: KubeObject[]) => objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

describe(ObjectStore.name, () => {
  let sut: ObjectStore;

  beforeEach(() => {
    sut = new ObjectStore(100);
    for (const [ns, name] of [['ns-2', 'a'], ['ns', 'b'], ['ns', 'a'], ['n', 'z'], ['nt', 'c']]) sut.put(pods, pod(ns, name));
  });

  it('scans one namespace only, in name order, not its prefix-sharing neighbours', () => {
    expect(names(sut.scan(pods, { namespace: 'ns' }))).toEqual(['ns/a', 'ns/b']);
    expect(names(sut.scan(pods))).toEqual(['n/z', 'ns-2/a', 'ns/a', 'ns/b', 'nt/c']);
  });

  it('scans after a key, as a continue token resumes', () => {
    expect(names(sut.scan(pods, { after: 'ns/a' }))).toEqual(['ns/b', 'nt/c']);
    expect(names(sut.scan(pods, { namespace: 'ns', after: 'ns/a' }))).toEqual(['ns/b']);
  });

  it('keeps the order right across creations and removals', () => {
    sut.scan(pods);
    sut.put(pods, pod('ns', 'aa'));
    sut.remove(pods, pod('ns', 'b'));
    expect(names(sut.scan(pods, { namespace: 'ns' }))).toEqual(['ns/a', 'ns/aa']);
  });

  it('hands out copies from list and get, so a caller changing them changes nothing stored', () => {
    const [copy] = sut.list(pods, 'ns');
    copy.metadata.labels = { changed: 'yes' };
    expect(sut.get(pods, 'ns', 'a')?.metadata.labels).toBeUndefined();
    expect(jsonOf(sut.scan(pods, { namespace: 'ns' })[0])).not.toContain('changed');
  });

  it('serializes a new version afresh', () => {
    const before = jsonOf(sut.scan(pods, { namespace: 'ns' })[0]);
    sut.put(pods, { ...pod('ns', 'a'), metadata: { namespace: 'ns', name: 'a', labels: { v: '2' } } });
    const after = jsonOf(sut.scan(pods, { namespace: 'ns' })[0]);
    expect(JSON.parse(after).metadata.labels).toEqual({ v: '2' });
    expect(after).not.toBe(before);
  });
});
