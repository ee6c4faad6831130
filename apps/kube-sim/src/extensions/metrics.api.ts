// GET handlers of metrics.k8s.io/v1beta1 (what metrics-server serves): node and pod metrics, list
// (with label and field selectors) and get.
import { sendJson } from '../apiserver/http-util';
import { compileSelector } from '../apiserver/selectors';
import { notFound } from '../apiserver/status';
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { NODE_METRICS, POD_METRICS } from './extension-types';
import type { ExtensionCall } from './extension-call';
import { METRICS_API_VERSION, type MetricsUsage } from './metrics-usage';

/** Path prefix of the metrics API. */
export const METRICS_PREFIX = `/apis/${METRICS_API_VERSION}/`;

function sendList(call: ExtensionCall, kind: string, items: KubeObject[]): void {
  const selector = compileSelector(call.query.get('labelSelector'), call.query.get('fieldSelector'));
  sendJson(call.res, 200, { kind, apiVersion: METRICS_API_VERSION, metadata: {}, items: items.filter(selector) });
}

function serveNodes(call: ExtensionCall, sim: SimApiServer, usage: MetricsUsage, name?: string): void {
  if (!name) return sendList(call, 'NodeMetricsList', sim.list('nodes').map((node) => usage.nodeMetrics(node)));
  const node = sim.get('nodes', undefined, name);
  if (!node) throw notFound(NODE_METRICS, name);
  sendJson(call.res, 200, usage.nodeMetrics(node));
}

function servePods(call: ExtensionCall, usage: MetricsUsage, where: { namespace?: string; name?: string }): void {
  const pods = usage.runningPods(where.namespace);
  if (!where.name) return sendList(call, 'PodMetricsList', pods.map((pod) => usage.podMetrics(pod)));
  const pod = pods.find((candidate) => candidate.metadata.name === where.name);
  if (!pod) throw notFound(POD_METRICS, where.name);
  sendJson(call.res, 200, usage.podMetrics(pod));
}

/** Serves a GET under {@link METRICS_PREFIX}; false when the path names no metrics resource. */
export function serveMetrics(call: ExtensionCall, sim: SimApiServer, usage: MetricsUsage): boolean {
  const segments = call.pathname.slice(METRICS_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  const scoped = segments[0] === 'namespaces' && segments.length >= 3;
  const [plural, name, ...extra] = scoped ? segments.slice(2) : segments;
  if (extra.length > 0) return false;
  if (plural === 'nodes' && !scoped) serveNodes(call, sim, usage, name);
  else if (plural === 'pods') servePods(call, usage, { namespace: scoped ? segments[1] : undefined, name });
  else return false;
  return true;
}
