import type { NodeCapacityDto } from '@flotilla/contracts';
import { KubeAccessError } from '../kube-access.error';
import { placeReplicas, type ClusterNodes } from './place-replicas';

function node(name: string, available: Record<string, string>, extra: Partial<NodeCapacityDto> = {}): NodeCapacityDto {
  const allocatable = { cpu: '8', memory: '32Gi', pods: '110', ...extra.allocatable };
  return { name, ready: true, schedulable: true, labels: {}, taints: [], capacity: allocatable, allocatable, allocated: {}, available: { memory: '32Gi', pods: '110', ...available }, pods: 0, ...extra };
}

const cluster = (clusterName: string, nodes: NodeCapacityDto[]): ClusterNodes => ({ clusterId: `id-${clusterName}`, clusterName, nodes });
const at = (clusterName: string, nodeName: string, replicas: number) => ({ clusterId: `id-${clusterName}`, clusterName, node: nodeName, replicas });

describe(placeReplicas.name, () => {
  it('puts a replica on the node with the least left after it (best fit)', () => {
    const result = placeReplicas([cluster('a', [node('roomy', { cpu: '8' }), node('snug', { cpu: '2' }), node('middle', { cpu: '4' })])], { requests: { cpu: '2' } });
    expect(result).toEqual({ fits: true, replicas: 1, placed: 1, placements: [at('a', 'snug', 1)], reasons: [], skippedClusters: [] });
  });

  it('places one replica at a time, taking each off its node', () => {
    const result = placeReplicas([cluster('a', [node('n4', { cpu: '4' }), node('n2', { cpu: '2' })])], { requests: { cpu: '2' }, replicas: 3 });
    expect(result.placements).toEqual([at('a', 'n4', 2), at('a', 'n2', 1)]);
    expect(result.fits).toBe(true);
  });

  it('counts memory and GPUs in the fit, not only cpu', () => {
    const gpuNode = node('gpu', { cpu: '8', 'nvidia.com/gpu': '4' }, { allocatable: { 'nvidia.com/gpu': '4' } as Record<string, string> });
    const result = placeReplicas([cluster('a', [node('cpu-only', { cpu: '8' }), gpuNode])], { requests: { cpu: '1', 'nvidia.com/gpu': '1' }, replicas: 5 });
    expect(result).toMatchObject({ fits: false, placed: 4, placements: [at('a', 'gpu', 4)] });
    expect(result.reasons).toEqual(['a: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.']);
  });

  it('takes the first listed node on a tie', () => {
    expect(placeReplicas([cluster('a', [node('x', { cpu: '4' }), node('y', { cpu: '4' })])], { requests: { cpu: '1' } }).placements).toEqual([at('a', 'x', 1)]);
  });

  it('places across clusters, each replica where it fits tightest', () => {
    const result = placeReplicas([cluster('eu', [node('eu-1', { cpu: '3' })]), cluster('us', [node('us-1', { cpu: '2' })])], { requests: { cpu: '2' }, replicas: 2 });
    expect(result.placements).toEqual([at('eu', 'eu-1', 1), at('us', 'us-1', 1)]);
  });

  it('says per cluster why the rest does not fit, in the scheduler words', () => {
    const nodes = [
      node('tainted', { cpu: '8', 'nvidia.com/gpu': '1' }, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
      node('small-1', { cpu: '8' }),
      node('small-2', { cpu: '8' }),
    ];
    const result = placeReplicas([cluster('prod', nodes), cluster('empty', [])], { requests: { cpu: '1', 'nvidia.com/gpu': '1' }, replicas: 2 });
    expect(result).toMatchObject({ fits: false, replicas: 2, placed: 0, placements: [] });
    expect(result.reasons).toEqual([
      'prod: 0/3 nodes are available: 2 Insufficient nvidia.com/gpu, 1 node(s) had untolerated taint {dedicated: gpu}.',
      'empty: no nodes available to schedule pods',
    ]);
  });

  it('uses a tainted node when the pod tolerates the taint', () => {
    const tainted = node('gpu', { cpu: '8' }, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    expect(placeReplicas([cluster('a', [tainted])], { requests: { cpu: '1' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }).fits).toBe(true);
    expect(placeReplicas([cluster('a', [tainted])], { requests: { cpu: '1' }, tolerations: [{ operator: 'Exists' }] }).fits).toBe(true);
    expect(placeReplicas([cluster('a', [tainted])], { requests: { cpu: '1' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }] }).fits).toBe(false);
  });

  it('ignores PreferNoSchedule taints', () => {
    const soft = node('soft', { cpu: '8' }, { taints: [{ key: 'spot', value: null, effect: 'PreferNoSchedule' }] });
    expect(placeReplicas([cluster('a', [soft])], { requests: { cpu: '1' } }).fits).toBe(true);
  });

  it.each([
    ['not Ready', { ready: false }, {}, '1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    ['cordoned', { schedulable: false, taints: [{ key: 'node.kubernetes.io/unschedulable', value: null, effect: 'NoSchedule' }] }, {}, '1 node(s) were unschedulable'],
    ['without the selected label', { labels: { pool: 'cpu' } }, { nodeSelector: { pool: 'gpu' } }, "1 node(s) didn't match Pod's node affinity/selector"],
  ])('skips a node that is %s', (_, extra, query, reason) => {
    const result = placeReplicas([cluster('a', [node('n', { cpu: '8' }, extra)])], { requests: { cpu: '1' }, ...query });
    expect(result.reasons).toEqual([`a: 0/1 nodes are available: ${reason}.`]);
  });

  it('matches the node selector', () => {
    const nodes = [node('cpu', { cpu: '8' }, { labels: { pool: 'cpu' } }), node('gpu', { cpu: '8' }, { labels: { pool: 'gpu' } })];
    expect(placeReplicas([cluster('a', nodes)], { requests: { cpu: '1' }, nodeSelector: { pool: 'gpu' } }).placements).toEqual([at('a', 'gpu', 1)]);
  });

  it('stops at the pod slots a node has left', () => {
    const result = placeReplicas([cluster('a', [node('n', { cpu: '8', pods: '2' })])], { requests: { cpu: '100m' }, replicas: 3 });
    expect(result).toMatchObject({ placed: 2, reasons: ['a: 0/1 nodes are available: 1 Too many pods.'] });
  });

  it('fits MIG slices by their resource name', () => {
    const mig = node('a100', { cpu: '8', 'nvidia.com/mig-1g.5gb': '7' }, { allocatable: { 'nvidia.com/mig-1g.5gb': '7' } as Record<string, string> });
    expect(placeReplicas([cluster('a', [mig])], { requests: { 'nvidia.com/mig-1g.5gb': '1' }, replicas: 7 })).toMatchObject({ fits: true, placements: [at('a', 'a100', 7)] });
  });

  it.each([
    ['cpu', 'lots'],
    ['memory', '-1Gi'],
  ])('refuses requests.%s %j, naming it', (name, value) => {
    const run = () => placeReplicas([cluster('a', [])], { requests: { [name]: value } });
    expect(run).toThrow(KubeAccessError);
    expect(run).toThrow(expect.objectContaining({ field: `requests.${name}`, message: `requests.${name} must be a Kubernetes quantity such as "500m" or "2Gi"` }));
  });
});
