// POST /_sim/clusters/<name>/helm-releases: seeds a Helm 3 release record in a cluster, the Secret
// helm's storage driver writes (helm.sh/helm pkg/storage/driver/secrets.go and util.go): named
// sh.helm.release.v1.<release>.v<revision>, type helm.sh/release.v1, labels name/owner/status/version
// (and createdAt), and data.release = base64(gzip(json(release))), which the Secret's data encodes
// once more. `helm list` and anything reading helm's secrets see the release as if helm installed it.
import { gzipSync } from 'node:zlib';
import { ApiError, type KubeObject } from '../apiserver/api-handler';
import { ClusterRegistryError, type ClusterRegistry } from '../server/cluster.registry';
import { sendJson } from '../server/respond';
import type { ControlRoute } from './control.api';
import { ControlValidationError } from './control.validation';

/** The release statuses helm knows (pkg/release/status.go). */
export const HELM_STATUSES = ['unknown', 'deployed', 'uninstalled', 'superseded', 'failed', 'uninstalling', 'pending-install', 'pending-upgrade', 'pending-rollback'] as const;

/** A release to seed, validated. */
export interface HelmReleaseSpec {
  name: string;
  namespace: string;
  chart: string;
  chartVersion: string;
  appVersion?: string;
  revision: number;
  status: (typeof HELM_STATUSES)[number];
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** helm refuses release names longer than this (pkg/chartutil validateReleaseName). */
const MAX_RELEASE_NAME = 53;

function text(body: Record<string, unknown>, field: string, optional = false): string | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new ControlValidationError(field, 'must be a non-empty string');
  return value;
}

function named(body: Record<string, unknown>, field: string, pattern: RegExp, max: number): string {
  const value = text(body, field) ?? '';
  if (value.length > max || !pattern.test(value)) throw new ControlValidationError(field, `must be a lowercase RFC 1123 name of at most ${max} characters`);
  return value;
}

function revisionOf(body: Record<string, unknown>): number {
  const value = body.revision ?? 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ControlValidationError('revision', 'must be an integer of at least 1');
  return value;
}

function statusOf(body: Record<string, unknown>): HelmReleaseSpec['status'] {
  const value = body.status ?? 'deployed';
  const status = HELM_STATUSES.find((known) => known === value);
  if (!status) throw new ControlValidationError('status', `must be one of ${HELM_STATUSES.join(', ')}`);
  return status;
}

/** Validates a seed request's body; every problem names its field. */
export function parseHelmRelease(body: unknown): HelmReleaseSpec {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlValidationError('body', 'must be an object');
  const input = body as Record<string, unknown>;
  const namespace = input.namespace === undefined ? 'default' : named(input, 'namespace', DNS1123_LABEL, 63);
  const spec = { name: named(input, 'name', DNS1123_SUBDOMAIN, MAX_RELEASE_NAME), namespace, chart: text(input, 'chart') ?? '', chartVersion: text(input, 'chartVersion') ?? '' };
  return { ...spec, appVersion: text(input, 'appVersion', true), revision: revisionOf(input), status: statusOf(input) };
}

/** The release as helm marshals it (release.Release's JSON field names and order). */
export function helmRelease(spec: HelmReleaseSpec, now: Date): Record<string, unknown> {
  const at = now.toISOString();
  const description = spec.status === 'deployed' ? (spec.revision === 1 ? 'Install complete' : 'Upgrade complete') : `Release ${spec.status}`;
  const metadata = { name: spec.chart, version: spec.chartVersion, ...(spec.appVersion ? { appVersion: spec.appVersion } : {}), apiVersion: 'v2', type: 'application' };
  return {
    name: spec.name,
    info: { first_deployed: at, last_deployed: at, deleted: '', description, status: spec.status },
    chart: { metadata, lock: null, templates: [], values: {}, schema: null, files: [] },
    config: {},
    manifest: '',
    version: spec.revision,
    namespace: spec.namespace,
  };
}

/** The Secret helm's secrets driver stores a release in. */
export function helmReleaseSecret(spec: HelmReleaseSpec, now: Date): KubeObject {
  const encoded = gzipSync(JSON.stringify(helmRelease(spec, now)), { level: 9 }).toString('base64');
  const labels = { name: spec.name, owner: 'helm', status: spec.status, version: String(spec.revision), createdAt: String(Math.floor(now.getTime() / 1000)) };
  const metadata = { name: `sh.helm.release.v1.${spec.name}.v${spec.revision}`, namespace: spec.namespace, labels };
  return { apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata, data: { release: Buffer.from(encoded).toString('base64') } };
}

/** Creates an object; false when one of that name exists. */
function createIfAbsent(create: (obj: KubeObject) => unknown, obj: KubeObject): boolean {
  try {
    create(obj);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === 409) return false;
    throw error;
  }
}

/** The control API route that seeds a Helm release in a cluster (its namespace created when missing, as --create-namespace does). */
export function helmReleaseRoute(registry: ClusterRegistry): ControlRoute {
  return [
    'POST',
    /^clusters\/[^/]+\/helm-releases$/,
    ({ parts, body, res }) => {
      const cluster = registry.get(parts[1]);
      const spec = parseHelmRelease(body);
      const create = (obj: KubeObject) => cluster.api.create(obj);
      createIfAbsent(create, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: spec.namespace } });
      const secret = helmReleaseSecret(spec, new Date());
      if (!createIfAbsent(create, secret)) throw new ClusterRegistryError('CONFLICT', `release ${spec.name} revision ${spec.revision} exists already in namespace ${spec.namespace}`);
      sendJson(res, 201, { secret: secret.metadata.name, namespace: spec.namespace, labels: secret.metadata.labels });
    },
  ];
}
