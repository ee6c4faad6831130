// Provider detection: read the signals from the cluster, then judge them.
import type { KubeConfig } from '@kubernetes/client-node';
import type { DetectionDto } from '@flotilla/contracts';
import type { ClusterAccess } from './cluster-access';
import { DEFAULT_KUBE_TIMEOUT_MS, kubeConfigForAccess, type KubeCallOptions } from './kube-config.factory';
import { kubeRequest } from './kube-request';
import { listAll } from './list-all';
import { judgeProvider, type ProviderSignals } from './provider-judge';
import { readVersion } from './version';

/** Nodes read for detection: enough to see the pools, few enough for huge clusters. */
export const DETECTION_NODE_SAMPLE = 50;

interface NodeItem {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { providerID?: string };
}

async function sampleNodes(kubeConfig: KubeConfig, timeoutMs: number): Promise<ProviderSignals['nodes']> {
  const nodes = await listAll<NodeItem>(kubeConfig, '/api/v1/nodes', timeoutMs, DETECTION_NODE_SAMPLE);
  return nodes.map((node) => ({ name: node.metadata?.name ?? '', providerID: node.spec?.providerID ?? null, labels: node.metadata?.labels ?? {} }));
}

async function apiGroups(kubeConfig: KubeConfig, timeoutMs: number): Promise<string[]> {
  const response = await kubeRequest<{ groups?: { name?: string }[] }>(kubeConfig, { path: '/apis', timeoutMs });
  if (response.status !== 200) return [];
  return (response.body?.groups ?? []).map((group) => group.name ?? '').filter(Boolean);
}

/**
 * Reads what detection judges: /version (required: throws {@link KubeRequestError} when unreadable),
 * up to {@link DETECTION_NODE_SAMPLE} nodes' providerID and labels, and the API groups; nodes or
 * groups the credentials may not read count as none.
 */
export async function collectSignals(access: ClusterAccess, options: KubeCallOptions = {}): Promise<ProviderSignals> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_KUBE_TIMEOUT_MS;
  const kubeConfig = kubeConfigForAccess(access, 'cluster', options);
  const version = await readVersion(kubeConfig, timeoutMs);
  const [nodes, groups] = await Promise.all([sampleNodes(kubeConfig, timeoutMs).catch(() => []), apiGroups(kubeConfig, timeoutMs).catch(() => [])]);
  return { gitVersion: version.gitVersion, nodes, apiGroups: groups, server: access.server };
}

/** Detects the cluster's distribution and version, with the evidence (see {@link judgeProvider}). */
export async function detectProvider(access: ClusterAccess, options: KubeCallOptions = {}): Promise<DetectionDto> {
  return judgeProvider(await collectSignals(access, options));
}
