// The objects the CloudNativePG operator creates for a postgresql.cnpg.io Cluster: one pod and one
// PVC per instance (<cluster>-<serial>), the -rw/-ro/-r services and the <cluster>-app credentials.
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../apiserver/api-handler';
import { owned } from './operator.util';

/** The PostgreSQL image CNPG runs when spec.imageName is not set. */
export const CNPG_DEFAULT_IMAGE = 'ghcr.io/cloudnative-pg/postgresql:18.0-system-trixie';
export const CLUSTER_LABEL = 'cnpg.io/cluster';
export const INSTANCE_ROLE_LABEL = 'cnpg.io/instanceRole';

/** The parts of a Cluster's spec the simulated operator reads. */
export interface CnpgSpec {
  instances?: number;
  imageName?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  storage?: { size?: string; storageClass?: string };
  affinity?: { nodeSelector?: Record<string, string>; tolerations?: object[] };
  bootstrap?: { initdb?: { database?: string; owner?: string } };
}

export const cnpgSpec = (cluster: KubeObject): CnpgSpec => (cluster.spec ?? {}) as CnpgSpec;

/** "primary" or "replica". */
export type InstanceRole = 'primary' | 'replica';

/** The name of instance `serial` (its pod and its PVC). */
export const instanceName = (cluster: KubeObject, serial: number) => `${cluster.metadata.name}-${serial}`;

function instanceLabels(cluster: KubeObject, serial: number): Record<string, string> {
  return { [CLUSTER_LABEL]: cluster.metadata.name ?? '', 'cnpg.io/instanceName': instanceName(cluster, serial) };
}

/** The instance's pod: postgres with the Cluster's resources, its data on the instance's PVC. */
export function instancePod(cluster: KubeObject, serial: number, role: InstanceRole): KubeObject {
  const spec = cnpgSpec(cluster);
  const name = instanceName(cluster, serial);
  const labels = { ...instanceLabels(cluster, serial), 'cnpg.io/podRole': 'instance', [INSTANCE_ROLE_LABEL]: role, role };
  const postgres = {
    name: 'postgres',
    image: spec.imageName ?? CNPG_DEFAULT_IMAGE,
    ports: [
      { name: 'postgresql', containerPort: 5432, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9187, protocol: 'TCP' },
      { name: 'status', containerPort: 8000, protocol: 'TCP' },
    ],
    resources: spec.resources ?? {},
    volumeMounts: [{ name: 'pgdata', mountPath: '/var/lib/postgresql/data' }],
  };
  const placement = { ...(spec.affinity?.nodeSelector ? { nodeSelector: spec.affinity.nodeSelector } : {}), ...(spec.affinity?.tolerations ? { tolerations: spec.affinity.tolerations } : {}) };
  const podSpec = { ...placement, hostname: name, containers: [postgres], volumes: [{ name: 'pgdata', persistentVolumeClaim: { claimName: name } }] };
  return owned(cluster, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: podSpec });
}

/** The instance's data volume claim, spec.storage.size of spec.storage.storageClass. */
export function instancePvc(cluster: KubeObject, serial: number): KubeObject {
  const storage = cnpgSpec(cluster).storage ?? {};
  const spec: Record<string, unknown> = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: storage.size ?? '1Gi' } }, volumeMode: 'Filesystem' };
  if (storage.storageClass) spec.storageClassName = storage.storageClass;
  const metadata = { name: instanceName(cluster, serial), labels: { ...instanceLabels(cluster, serial), 'cnpg.io/pvcRole': 'PG_DATA' } };
  return owned(cluster, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec });
}

/** A bound claim's status, as the volume provisioner leaves it. */
export function boundStatus(pvc: KubeObject): Record<string, unknown> {
  const spec = pvc.spec as { accessModes?: string[]; resources?: { requests?: Record<string, string> } };
  return { phase: 'Bound', accessModes: spec.accessModes, capacity: { storage: spec.resources?.requests?.storage } };
}

function service(cluster: KubeObject, suffix: string, role?: InstanceRole): KubeObject {
  const selector = { [CLUSTER_LABEL]: cluster.metadata.name ?? '', ...(role ? { [INSTANCE_ROLE_LABEL]: role } : { 'cnpg.io/podRole': 'instance' }) };
  const spec = { type: 'ClusterIP', selector, ports: [{ name: 'postgres', port: 5432, protocol: 'TCP', targetPort: 5432 }] };
  return owned(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: `${cluster.metadata.name}-${suffix}`, labels: { [CLUSTER_LABEL]: cluster.metadata.name ?? '' } }, spec });
}

/** <cluster>-rw (primary), -ro (replicas) and -r (any instance). */
export function clusterServices(cluster: KubeObject): KubeObject[] {
  return [service(cluster, 'rw', 'primary'), service(cluster, 'ro', 'replica'), service(cluster, 'r')];
}

/** <cluster>-app: the application owner's credentials and connection strings (basic-auth Secret). */
export function appSecret(cluster: KubeObject): KubeObject {
  const name = cluster.metadata.name ?? '';
  const initdb = cnpgSpec(cluster).bootstrap?.initdb ?? {};
  const dbname = initdb.database ?? 'app';
  const username = initdb.owner ?? dbname;
  const password = randomBytes(24).toString('base64url');
  const host = `${name}-rw`;
  const uri = `postgresql://${username}:${password}@${host}.${cluster.metadata.namespace}:5432/${dbname}`;
  const fields = { username, password, dbname, host, port: '5432', user: username, uri, pgpass: `${host}:5432:${dbname}:${username}:${password}\n` };
  const data = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
  const labels = { [CLUSTER_LABEL]: name, 'cnpg.io/reload': 'true', 'cnpg.io/userType': 'app' };
  return owned(cluster, { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/basic-auth', metadata: { name: `${name}-app`, labels }, data });
}
