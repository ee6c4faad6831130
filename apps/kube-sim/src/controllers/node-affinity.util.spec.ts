import type { KubeObject } from '../apiserver/api-handler';
import { preferredAffinityScore, requiredAffinityMatches, requirementMatches } from './node-affinity.util';
import type { NodeSlot } from './node-fit.util';
import { amountsOf } from './resource-math.util';
import { choose } from './scheduler';
import { podWith } from './testing.util';

const node = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });

function slot(name: string, labels: Record<string, string>, cpu: string): NodeSlot {
  const allocatable = amountsOf({ cpu, memory: '8Gi', pods: '110' });
  return { node: node(name, labels), allocatable, free: new Map(allocatable) };
}

const affinityPod = (nodeAffinity: unknown) => podWith('p', { cpu: '100m' }, { affinity: { nodeAffinity } });
const required = (...nodeSelectorTerms: unknown[]) => ({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } });

describe('node affinity', () => {
  it.each([
    [{ key: 'zone', operator: 'In', values: ['a', 'b'] }, { zone: 'a' }, true],
    [{ key: 'zone', operator: 'In', values: ['a'] }, {}, false],
    [{ key: 'zone', operator: 'NotIn', values: ['a'] }, { zone: 'b' }, true],
    [{ key: 'zone', operator: 'NotIn', values: ['a'] }, {}, true],
    [{ key: 'gpu', operator: 'Exists' }, { gpu: '' }, true],
    [{ key: 'gpu', operator: 'DoesNotExist' }, { gpu: '' }, false],
    [{ key: 'cores', operator: 'Gt', values: ['4'] }, { cores: '8' }, true],
    [{ key: 'cores', operator: 'Gt', values: ['8'] }, { cores: '8' }, false],
    [{ key: 'cores', operator: 'Lt', values: ['8'] }, { cores: '4' }, true],
    [{ key: 'cores', operator: 'Lt', values: ['8'] }, { cores: 'x' }, false],
  ])('evaluates %o against %o', (req, labels, expected) => {
    expect(requirementMatches(req, labels)).toBe(expected);
  });

  it('ORs terms, ANDs expressions and matches fields on metadata.name', () => {
    const n = node('n1', { zone: 'a', disk: 'ssd' });
    expect(requiredAffinityMatches(affinityPod(required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] })), n)).toBe(false);
    expect(requiredAffinityMatches(affinityPod(required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] })), n)).toBe(true);
    expect(requiredAffinityMatches(affinityPod(required({})), n)).toBe(false);
    expect(requiredAffinityMatches(podWith('plain', {}), n)).toBe(true);
  });

  it('sums the weights of matching preferred terms', () => {
    const pod = affinityPod({
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
        { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
      ],
    });
    expect(preferredAffinityScore(pod, node('n', { zone: 'a', disk: 'ssd' }))).toBe(15);
    expect(preferredAffinityScore(pod, node('n', { disk: 'ssd' }))).toBe(5);
  });
});

describe(choose.name, () => {
  it('filters by required affinity and reports the kube-scheduler reason', () => {
    const pod = affinityPod(required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['c'] }] }));
    const { slot: chosen, failures } = choose(pod, [slot('a', { zone: 'a' }, '4'), slot('b', { zone: 'b' }, '4')]);
    expect(chosen).toBeUndefined();
    expect(failures).toEqual([["node(s) didn't match Pod's node affinity/selector"], ["node(s) didn't match Pod's node affinity/selector"]]);
  });

  it('prefers the highest preference score, then the tightest fit', () => {
    const preferred = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] } }] };
    const slots = [slot('small-a', { zone: 'a' }, '1'), slot('big-b', { zone: 'b' }, '16'), slot('small-b', { zone: 'b' }, '2')];
    expect(choose(affinityPod(preferred), slots).slot?.node.metadata.name).toBe('small-b');
    expect(choose(affinityPod({}), slots).slot?.node.metadata.name).toBe('small-a');
  });
});
