// Test helpers: nodes and pods for driving the controllers in-process.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';

/** Registers a Ready node with the given allocatable (pods: 110 unless given). */
export function addReadyNode(api: SimApiServer, name: string, allocatable: Record<string, string>, extra: { labels?: Record<string, string>; taints?: unknown[] } = {}): void {
  const created = api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: extra.labels ?? {} }, spec: extra.taints ? { taints: extra.taints } : {} });
  const status = { allocatable: { pods: '110', ...allocatable }, capacity: allocatable, conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: `10.0.0.${api.list('nodes').length + 1}` }] };
  api.updateStatus({ ...created, status });
}

/** A one-container pod with the given requests. */
export function podWith(name: string, requests: Record<string, string>, spec: Record<string, unknown> = {}, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'app', image: 'nginx:1', resources: { requests } }], ...spec } };
}
