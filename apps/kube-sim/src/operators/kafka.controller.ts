// The Strimzi cluster operator for kafka.strimzi.io Kafkas. The vendored CRD is Strimzi's v1 API:
// KRaft only, brokers sized by KafkaNodePools (spec.kafka.replicas and spec.zookeeper are gone and
// pruned). kube-sim has no KafkaNodePool CRD, so a Kafka runs the one pool Strimzi's migration
// guide names "kafka": 3 combined broker/controller pods <name>-kafka-0..2 (spec.kafka.replicas when
// an object still carries it), the bootstrap and brokers services, and the entity operator
// Deployment when asked for. Ready=True once every pod runs, with listeners, kafkaVersion and clusterId.
import { randomBytes } from 'node:crypto';
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { isoNow, type Condition } from '../controllers/object.util';
import type { ControllerSpec } from '../controllers/reconcile-loop';
import { isPodReady } from '../controllers/resource-math.util';
import { ensure, owned, ownedBy, servedList, writeStatus } from './operator.util';

export const KAFKA_TYPE = 'kafkas.kafka.strimzi.io';
export const STRIMZI_VERSION = '0.49.0';
const DEFAULT_KAFKA_VERSION = '4.1.0';
const DEFAULT_METADATA_VERSION = '4.1-IV1';
/** Brokers when no node pool says otherwise. */
export const DEFAULT_BROKERS = 3;

interface Listener {
  name: string;
  port: number;
  type: string;
  tls?: boolean;
}

interface KafkaSpec {
  kafka?: { version?: string; metadataVersion?: string; replicas?: number; listeners?: Listener[]; resources?: object };
  entityOperator?: { topicOperator?: object; userOperator?: object };
}

const specOf = (kafka: KubeObject) => (kafka.spec ?? {}) as KafkaSpec;
const nameOf = (kafka: KubeObject) => kafka.metadata.name ?? '';

function labels(kafka: KubeObject, component: string): Record<string, string> {
  return {
    'strimzi.io/cluster': nameOf(kafka),
    'strimzi.io/kind': 'Kafka',
    'strimzi.io/name': `${nameOf(kafka)}-${component}`,
    'app.kubernetes.io/instance': nameOf(kafka),
    'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    'app.kubernetes.io/part-of': `strimzi-${nameOf(kafka)}`,
  };
}

function brokerPod(kafka: KubeObject, id: number): KubeObject {
  const spec = specOf(kafka).kafka ?? {};
  const name = `${nameOf(kafka)}-kafka-${id}`;
  const podLabels = {
    ...labels(kafka, 'kafka'),
    'app.kubernetes.io/name': 'kafka',
    'strimzi.io/component-type': 'kafka',
    'strimzi.io/pool-name': 'kafka',
    'strimzi.io/broker-role': 'true',
    'strimzi.io/controller-role': 'true',
    'statefulset.kubernetes.io/pod-name': name,
  };
  const ports = [{ name: 'tcp-ctrlplane', containerPort: 9090 }, { name: 'tcp-replication', containerPort: 9091 }, ...(spec.listeners ?? []).map((l) => ({ name: `tcp-${l.name}`, containerPort: l.port }))];
  const image = `quay.io/strimzi/kafka:${STRIMZI_VERSION}-kafka-${spec.version ?? DEFAULT_KAFKA_VERSION}`;
  const container = { name: 'kafka', image, command: ['/opt/kafka/kafka_run.sh'], ports, resources: spec.resources ?? {} };
  const podSpec = { hostname: name, subdomain: `${nameOf(kafka)}-kafka-brokers`, containers: [container] };
  return owned(kafka, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: podLabels, annotations: { 'strimzi.io/broker-configuration-hash': '0' } }, spec: podSpec });
}

function services(kafka: KubeObject): KubeObject[] {
  const selector = { 'strimzi.io/cluster': nameOf(kafka), 'strimzi.io/kind': 'Kafka', 'strimzi.io/broker-role': 'true' };
  const ports = (specOf(kafka).kafka?.listeners ?? []).map((l) => ({ name: `tcp-${l.name}`, port: l.port, targetPort: l.port, protocol: 'TCP' }));
  const bootstrap = { type: 'ClusterIP', selector, ports };
  const brokers = { type: 'ClusterIP', clusterIP: 'None', publishNotReadyAddresses: true, selector, ports: [{ name: 'tcp-replication', port: 9091, targetPort: 9091, protocol: 'TCP' }, ...ports] };
  return [
    owned(kafka, { apiVersion: 'v1', kind: 'Service', metadata: { name: `${nameOf(kafka)}-kafka-bootstrap`, labels: labels(kafka, 'kafka') }, spec: bootstrap }),
    owned(kafka, { apiVersion: 'v1', kind: 'Service', metadata: { name: `${nameOf(kafka)}-kafka-brokers`, labels: labels(kafka, 'kafka') }, spec: brokers }),
  ];
}

function entityOperator(kafka: KubeObject): KubeObject | undefined {
  const wanted = specOf(kafka).entityOperator;
  if (!wanted) return undefined;
  const image = `quay.io/strimzi/operator:${STRIMZI_VERSION}`;
  const containers = [wanted.topicOperator && { name: 'topic-operator', image }, wanted.userOperator && { name: 'user-operator', image }].filter(Boolean);
  const podLabels = { ...labels(kafka, 'entity-operator'), 'app.kubernetes.io/name': 'entity-operator' };
  const template = { metadata: { labels: podLabels }, spec: { containers } };
  const spec = { replicas: 1, selector: { matchLabels: { 'strimzi.io/cluster': nameOf(kafka), 'strimzi.io/name': `${nameOf(kafka)}-entity-operator` } }, template };
  return owned(kafka, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${nameOf(kafka)}-entity-operator`, labels: podLabels }, spec });
}

function listenerStatus(kafka: KubeObject): object[] {
  const host = `${nameOf(kafka)}-kafka-bootstrap.${kafka.metadata.namespace}.svc`;
  return (specOf(kafka).kafka?.listeners ?? []).map((l) => ({ name: l.name, addresses: [{ host, port: l.port }], bootstrapServers: `${host}:${l.port}` }));
}

function isReady(api: SimApiServer, kafka: KubeObject, pods: KubeObject[], brokers: number): boolean {
  if (pods.length < brokers || !pods.every(isPodReady)) return false;
  const eo = specOf(kafka).entityOperator ? api.get('deployments.apps', kafka.metadata.namespace, `${nameOf(kafka)}-entity-operator`) : undefined;
  return !specOf(kafka).entityOperator || ((eo?.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0) >= 1;
}

interface KafkaStatus {
  conditions?: Condition[];
  clusterId?: string;
}

const previousOf = (kafka: KubeObject) => (kafka.status ?? {}) as KafkaStatus;

/** Ready=True, or NotReady while the cluster is first deployed; an unchanged condition keeps its transition time. */
function conditionFor(api: SimApiServer, kafka: KubeObject, ready: boolean): Condition {
  const type = ready ? 'Ready' : 'NotReady';
  const kept = previousOf(kafka).conditions?.find((c) => c.type === type);
  if (kept) return kept;
  const base = { type, status: 'True', lastTransitionTime: isoNow(api) };
  return ready ? base : { ...base, reason: 'Creating', message: 'Kafka cluster is being deployed' };
}

function readyStatus(kafka: KubeObject): Record<string, unknown> {
  const kafkaSpec = specOf(kafka).kafka ?? {};
  return {
    listeners: listenerStatus(kafka),
    clusterId: previousOf(kafka).clusterId ?? randomBytes(16).toString('base64url').slice(0, 22),
    kafkaVersion: kafkaSpec.version ?? DEFAULT_KAFKA_VERSION,
    kafkaMetadataVersion: kafkaSpec.metadataVersion ?? DEFAULT_METADATA_VERSION,
    operatorLastSuccessfulVersion: STRIMZI_VERSION,
  };
}

function statusFor(api: SimApiServer, kafka: KubeObject, ready: boolean): Record<string, unknown> {
  const base = { conditions: [conditionFor(api, kafka, ready)], observedGeneration: kafka.metadata.generation ?? 1 };
  return ready ? { ...base, ...readyStatus(kafka) } : base;
}

function deploy(api: SimApiServer, kafka: KubeObject, brokers: number): void {
  for (let id = 0; id < brokers; id++) ensure(api, 'pods', brokerPod(kafka, id));
  for (const svc of services(kafka)) ensure(api, 'services', svc);
  const eo = entityOperator(kafka);
  if (eo) ensure(api, 'deployments.apps', eo);
}

function reconcileKafka(api: SimApiServer, kafka: KubeObject): void {
  if (kafka.metadata.deletionTimestamp) return;
  const brokers = specOf(kafka).kafka?.replicas ?? DEFAULT_BROKERS;
  deploy(api, kafka, brokers);
  const pods = ownedBy(api, 'pods', kafka).filter((pod) => pod.metadata.labels?.['strimzi.io/broker-role'] === 'true');
  // once deployed, a broker restarting does not make the Kafka NotReady (Strimzi re-checks on its next reconciliation)
  const deployed = previousOf(kafka).conditions?.some((c) => c.type === 'Ready') ?? false;
  writeStatus(api, kafka, statusFor(api, kafka, deployed || isReady(api, kafka, pods, brokers)));
}

/** The Strimzi cluster operator's Kafka reconciler. */
export function kafkaController(api: SimApiServer): ControllerSpec {
  return {
    name: 'strimzi-kafka-controller',
    watches: [KAFKA_TYPE, 'pods', 'deployments.apps'],
    reconcile: () => {
      for (const kafka of servedList(api, KAFKA_TYPE)) reconcileKafka(api, kafka);
    },
  };
}
