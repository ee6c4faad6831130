import { AppsV1Api, Watch } from '@kubernetes/client-node';
import type { KubeObject } from '../apiserver/api-handler';
import { kafkaController } from './kafka.controller';
import { failureOf, startOperatorSim, statusOf, type OperatorSim } from './testing/operator-sim';

const kafka = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'kafka.strimzi.io/v1',
  kind: 'Kafka',
  metadata: { name },
  spec: {
    kafka: {
      version: '4.0.0',
      listeners: [
        { name: 'plain', port: 9092, type: 'internal', tls: false },
        { name: 'tls', port: 9093, type: 'internal', tls: true },
      ],
      config: { 'offsets.topic.replication.factor': 3 },
    },
    ...spec,
  },
});

describe(kafkaController.name, () => {
  let sut: OperatorSim;
  let ns: string;
  let counter = 0;
  const kafkas = () => ({ group: 'kafka.strimzi.io', version: 'v1', plural: 'kafkas', namespace: ns });
  const read = async (name: string) => (await sut.custom.getNamespacedCustomObject({ ...kafkas(), name })) as KubeObject;
  const conditionTypes = async (name: string) => ((statusOf(await read(name)).conditions ?? []) as { type: string; status: string }[]).map((c) => `${c.type}=${c.status}`);

  beforeAll(async () => {
    sut = await startOperatorSim();
  });
  afterAll(() => sut.close());
  beforeEach(async () => {
    ns = `kf${++counter}`;
    await sut.core.createNamespace({ body: { metadata: { name: ns } } });
  });

  it('deploys three brokers, the services and the entity operator, then reports Ready with listeners', async () => {
    const seen: string[] = [];
    const watch = await new Watch(sut.kubeConfig).watch(`/apis/kafka.strimzi.io/v1/namespaces/${ns}/kafkas`, {}, (_type, obj: KubeObject) => {
      const conditions = (statusOf(obj).conditions ?? []) as { type: string; reason?: string }[];
      const now = conditions.map((c) => `${c.type}${c.reason ? `/${c.reason}` : ''}`).join();
      if (now && seen.at(-1) !== now) seen.push(now);
    }, () => undefined);
    await sut.custom.createNamespacedCustomObject({ ...kafkas(), body: kafka('events', { entityOperator: { topicOperator: {}, userOperator: {} } }) });
    await vi.waitFor(async () => expect(await conditionTypes('events')).toEqual(['Ready=True']), { timeout: 5000 });
    watch.abort();
    expect(seen).toEqual(['NotReady/Creating', 'Ready']);
    const status = statusOf(await read('events'));
    expect(status).toMatchObject({ observedGeneration: 1, kafkaVersion: '4.0.0', operatorLastSuccessfulVersion: '0.49.0', clusterId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(status.listeners).toEqual([
      { name: 'plain', addresses: [{ host: `events-kafka-bootstrap.${ns}.svc`, port: 9092 }], bootstrapServers: `events-kafka-bootstrap.${ns}.svc:9092` },
      { name: 'tls', addresses: [{ host: `events-kafka-bootstrap.${ns}.svc`, port: 9093 }], bootstrapServers: `events-kafka-bootstrap.${ns}.svc:9093` },
    ]);
    const pods = (await sut.core.listNamespacedPod({ namespace: ns, labelSelector: 'strimzi.io/cluster=events,strimzi.io/kind=Kafka' })).items;
    const running = pods.filter((p) => p.status?.phase === 'Running').map((p) => p.metadata?.name ?? '');
    expect(running.filter((name) => name.includes('-kafka-')).sort()).toEqual(['events-kafka-0', 'events-kafka-1', 'events-kafka-2']);
    expect(running.filter((name) => name.startsWith('events-entity-operator-'))).toHaveLength(1);
    expect((await sut.core.listNamespacedService({ namespace: ns })).items.map((s) => s.metadata?.name).sort()).toEqual(['events-kafka-bootstrap', 'events-kafka-brokers']);
    const eo = await sut.kubeConfig.makeApiClient(AppsV1Api).readNamespacedDeployment({ namespace: ns, name: 'events-entity-operator' });
    expect(eo.spec?.template.spec?.containers.map((c) => c.name)).toEqual(['topic-operator', 'user-operator']);
  });

  it('brings a deleted broker back and stays Ready', async () => {
    await sut.custom.createNamespacedCustomObject({ ...kafkas(), body: kafka('logs') });
    await vi.waitFor(async () => expect(await conditionTypes('logs')).toEqual(['Ready=True']));
    const before = (await sut.core.readNamespacedPod({ namespace: ns, name: 'logs-kafka-1' })).metadata?.uid;
    await sut.core.deleteNamespacedPod({ namespace: ns, name: 'logs-kafka-1' });
    await vi.waitFor(async () => expect((await sut.core.readNamespacedPod({ namespace: ns, name: 'logs-kafka-1' })).metadata?.uid).not.toBe(before));
    expect(await conditionTypes('logs')).toEqual(['Ready=True']);
  });

  it('rejects a listener port below 9092 with 422 naming the field, and deletes the brokers with the Kafka', async () => {
    const bad = kafka('bad');
    (bad.spec as { kafka: { listeners: { port: number }[] } }).kafka.listeners[0].port = 80;
    const failure = await failureOf(sut.custom.createNamespacedCustomObject({ ...kafkas(), body: bad }));
    expect(failure).toMatchObject({ code: 422, body: { details: { causes: [expect.objectContaining({ field: 'spec.kafka.listeners[0].port' })] } } });
    await sut.custom.createNamespacedCustomObject({ ...kafkas(), body: kafka('gone') });
    await vi.waitFor(async () => expect(await conditionTypes('gone')).toEqual(['Ready=True']));
    await sut.custom.deleteNamespacedCustomObject({ ...kafkas(), name: 'gone' });
    expect((await sut.core.listNamespacedPod({ namespace: ns })).items).toEqual([]);
  });
});
