// The connection test: DNS, TCP, TLS, authentication, /version, nodes, permissions, in order, each
// timed; the first failure stops it and gives the reason. Never throws for a cluster's problem.
import type { KubeConfig } from '@kubernetes/client-node';
import { ConnectionFailureReason, ConnectionStep, type ConnectionStepResultDto, type ConnectionTestDto } from '@flotilla/contracts';
import type { ClusterAccess } from './cluster-access';
import { checkAuthentication, checkPermissions, countNodes } from './connection-checks';
import { DEFAULT_KUBE_TIMEOUT_MS, kubeConfigForAccess, type KubeCallOptions } from './kube-config.factory';
import { KubeAccessError } from './kube-access.error';
import { KubeRequestError } from './kube-request';
import { endpointOf, probeDns, probeTcp, probeTls, type Endpoint } from './network-probes';
import { readVersion } from './version';

interface Run {
  steps: ConnectionStepResultDto[];
  missingPermissions: string[];
}

function failureOf(error: unknown): { reason: ConnectionFailureReason; detail: string } {
  if (error instanceof KubeRequestError || error instanceof KubeAccessError) {
    return { reason: error.reason ?? ConnectionFailureReason.UnexpectedResponse, detail: error.message };
  }
  return { reason: ConnectionFailureReason.UnexpectedResponse, detail: (error as Error)?.message ?? String(error) };
}

/** Runs one step; false when it failed (the test stops there). */
async function step(run: Run, name: ConnectionStep, body: () => Promise<string>): Promise<boolean> {
  const started = performance.now();
  let result: Omit<ConnectionStepResultDto, 'step' | 'latencyMs'>;
  try {
    result = { ok: true, detail: await body(), reason: null };
  } catch (error) {
    result = { ok: false, ...failureOf(error) };
  }
  run.steps.push({ step: name, latencyMs: Math.round(performance.now() - started), ...result });
  return result.ok;
}

function clientFor(access: ClusterAccess, options: KubeCallOptions): KubeConfig {
  return kubeConfigForAccess(access, 'cluster', options);
}

async function networkSteps(run: Run, access: ClusterAccess, timeoutMs: number): Promise<boolean> {
  let endpoint: Endpoint | undefined;
  const resolved = await step(run, ConnectionStep.Dns, async () => {
    const found = await probeDns(endpointOf(access.server), timeoutMs);
    endpoint = found.endpoint;
    return found.detail;
  });
  if (!resolved || !endpoint) return false;
  const reached = endpoint;
  if (!(await step(run, ConnectionStep.Tcp, () => probeTcp(reached, timeoutMs)))) return false;
  return step(run, ConnectionStep.Tls, () => probeTls(reached, access, timeoutMs));
}

async function apiSteps(run: Run, access: ClusterAccess, options: KubeCallOptions & { timeoutMs: number }): Promise<boolean> {
  let kubeConfig: KubeConfig | undefined;
  const authenticated = await step(run, ConnectionStep.Authentication, async () => {
    kubeConfig = clientFor(access, options);
    return checkAuthentication(kubeConfig, options.timeoutMs);
  });
  if (!authenticated || !kubeConfig) return false;
  const client = kubeConfig;
  const steps: [ConnectionStep, () => Promise<string>][] = [
    [ConnectionStep.Version, async () => (await readVersion(client, options.timeoutMs)).gitVersion],
    [ConnectionStep.Nodes, async () => `${await countNodes(client, options.timeoutMs)} nodes`],
    [ConnectionStep.Permissions, () => checkPermissions(client, options.timeoutMs, run.missingPermissions)],
  ];
  for (const [name, body] of steps) {
    if (!(await step(run, name, body))) return false;
  }
  return true;
}

function outcome(run: Run, testedAt: Date): ConnectionTestDto {
  const failed = run.steps.find((s) => !s.ok);
  const detailOf = (name: ConnectionStep) => run.steps.find((s) => s.step === name)?.detail;
  const message = failed
    ? `${failed.step} failed: ${failed.detail}`
    : `connected: ${detailOf(ConnectionStep.Version)}, ${detailOf(ConnectionStep.Nodes)}, all required verbs granted`;
  return { ok: !failed, reason: failed?.reason ?? null, message, steps: run.steps, missingPermissions: run.missingPermissions, testedAt: testedAt.toISOString() };
}

/**
 * Tests whether Flotilla can work with a cluster through `access`: name resolution, TCP, the TLS
 * handshake (TLS_UNKNOWN_AUTHORITY when the certificate does not chain to the CA), authentication
 * (UNAUTHORIZED on 401; AUTH_PLUGIN_NOT_ALLOWED for an exec plugin the host does not allow), /version,
 * node count, and a SelfSubjectAccessReview per {@link FLOTILLA_REQUIRED_PERMISSIONS}
 * (MISSING_PERMISSIONS, listing the missing ones). Each step has `timeoutMs` (TIMEOUT). Steps after
 * the first failure do not run. Never throws for a problem of the cluster.
 */
export async function testConnection(access: ClusterAccess, options: KubeCallOptions = {}): Promise<ConnectionTestDto> {
  const testedAt = new Date();
  const settings = { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_KUBE_TIMEOUT_MS };
  const run: Run = { steps: [], missingPermissions: [] };
  if (await networkSteps(run, access, settings.timeoutMs)) await apiSteps(run, access, settings);
  return outcome(run, testedAt);
}
