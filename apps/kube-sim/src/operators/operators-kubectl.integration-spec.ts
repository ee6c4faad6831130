// The operators as a kubectl user sees them: over HTTPS with the kubeconfig kube-sim writes, on a
// cluster created through the registry (GPU nodes included), with short operator steps.
import { kubectlWith, startSimUnderTest, type Kubectl, type SimUnderTest } from '../testing';

const CLUSTER = 'ops';
// kubectl --raw takes server-relative paths and drops the kubeconfig server's /clusters/<name> prefix
const RAW = `/clusters/${CLUSTER}`;

const VM = (name: string, memory: string) => `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: ${name}
  labels: { kubevirt.io/os: linux }
spec:
  runStrategy: Always
  template:
    metadata:
      labels: { kubevirt.io/domain: ${name} }
    spec:
      domain:
        cpu: { cores: 2 }
        devices:
          disks:
            - name: containerdisk
              disk: { bus: virtio }
            - name: cloudinitdisk
              disk: { bus: virtio }
          interfaces:
            - name: default
              masquerade: {}
        resources:
          requests: { memory: ${memory} }
      networks:
        - name: default
          pod: {}
      volumes:
        - name: containerdisk
          containerDisk: { image: quay.io/containerdisks/fedora:40 }
        - name: cloudinitdisk
          cloudInitNoCloud:
            userData: |
              #cloud-config
              password: fedora
              chpasswd: { expire: False }
`;

const PG = (name: string, instances: string) => `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: ${name}
spec:
  instances: ${instances}
  imageName: ghcr.io/cloudnative-pg/postgresql:17.5
  primaryUpdateStrategy: unsupervised
  bootstrap:
    initdb: { database: orders, owner: orders }
  postgresql:
    parameters: { max_connections: "200", shared_buffers: 256MB }
  resources:
    requests: { cpu: 500m, memory: 1Gi }
    limits: { cpu: "1", memory: 1Gi }
  storage: { size: 10Gi }
`;

const NOTEBOOK = (name: string, gpus: string) => `apiVersion: kubeflow.org/v1
kind: Notebook
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  template:
    spec:
      serviceAccountName: default-editor
      containers:
        - name: ${name}
          image: kubeflownotebookswg/jupyter-pytorch-cuda-full:v1.9.0
          imagePullPolicy: IfNotPresent
          resources:
            requests: { cpu: "2", memory: 8Gi }
            limits: { nvidia.com/gpu: ${gpus} }
          volumeMounts:
            - { name: dshm, mountPath: /dev/shm }
      volumes:
        - name: dshm
          emptyDir: { medium: Memory }
`;

const KAFKA = (name: string, listenerType: string) => `apiVersion: kafka.strimzi.io/v1
kind: Kafka
metadata:
  name: ${name}
spec:
  kafka:
    version: 4.1.0
    metadataVersion: 4.1-IV1
    listeners:
      - { name: plain, port: 9092, type: ${listenerType}, tls: false }
      - { name: tls, port: 9093, type: internal, tls: true }
    config:
      offsets.topic.replication.factor: 3
      transaction.state.log.replication.factor: 3
      transaction.state.log.min.isr: 2
      default.replication.factor: 3
      min.insync.replicas: 2
  entityOperator:
    topicOperator: {}
    userOperator: {}
`;

const CAPI_CLUSTER = (name: string, kind: string) => `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: ${name}
  labels: { cni: calico }
spec:
  clusterNetwork:
    pods: { cidrBlocks: [192.168.0.0/16] }
    services: { cidrBlocks: [10.128.0.0/12] }
    serviceDomain: cluster.local
  controlPlaneRef:
    apiGroup: controlplane.cluster.x-k8s.io
    kind: KubeadmControlPlane
    name: ${name}-control-plane
  infrastructureRef:
    apiGroup: infrastructure.cluster.x-k8s.io
    kind: ${kind}
    name: ${name}
`;

describe('kube-sim operators (kubectl)', () => {
  let harness: SimUnderTest;
  let ctl: Kubectl;
  const kubectl = (...args: string[]) => ctl.run(...args);
  const failure = (...args: string[]) => ctl.failure(...args);
  const write = (name: string, text: string) => ctl.write(name, text);

  beforeAll(async () => {
    harness = await startSimUnderTest({ KUBE_SIM_KUBELET_START_DELAY_MS: 20, KUBE_SIM_OPERATOR_STEP_MS: 50 });
    const capacity = { cpu: '16', memory: '64Gi', 'nvidia.com/gpu': '2' };
    const cluster = await harness.cluster('vanilla', [{ name: 'worker-1', capacity }], CLUSTER);
    ctl = kubectlWith(cluster.kubeconfigPath, harness.dataDir);
    await kubectl('create', 'namespace', 'ops');
  });
  afterAll(() => harness?.close());

  describe('KubeVirt', () => {
    it('applies a VM, shows it Running with kubectl get vm/vmi, and stops it through subresources.kubevirt.io', async () => {
      expect(await kubectl('apply', '-n', 'ops', '-f', write('vm.yaml', VM('fedora', '2Gi')))).toMatch(/virtualmachine.kubevirt.io\/fedora created/);
      await kubectl('wait', '-n', 'ops', '--for=jsonpath={.status.printableStatus}=Running', 'vm/fedora', '--timeout=20s');
      expect(await kubectl('get', 'vm', '-n', 'ops')).toMatch(/^NAME\s+AGE\s+STATUS\s+READY\s*\nfedora\s+\S+\s+Running\s+True\s*$/);
      expect(await kubectl('get', 'vmi', 'fedora', '-n', 'ops')).toMatch(/^NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY\s*\nfedora\s+\S+\s+Running\s+10\.244\.\d+\.\d+\s+worker-1\s+True/);
      expect(await kubectl('get', 'pods', '-n', 'ops', '-l', 'kubevirt.io=virt-launcher', '-o', 'jsonpath={.items[0].spec.containers[0].resources.requests.memory}')).toBe('2328Mi');
      await kubectl('replace', '--raw', `${RAW}/apis/subresources.kubevirt.io/v1/namespaces/ops/virtualmachines/fedora/stop`, '-f', write('empty.json', '{}'));
      await kubectl('wait', '-n', 'ops', '--for=jsonpath={.status.printableStatus}=Stopped', 'vm/fedora', '--timeout=20s');
      expect(await kubectl('get', 'vm', 'fedora', '-n', 'ops', '-o', 'jsonpath={.spec.runStrategy}')).toBe('Halted');
      expect(await failure('replace', '--raw', `${RAW}/apis/subresources.kubevirt.io/v1/namespaces/ops/virtualmachines/fedora/stop`, '-f', write('empty.json', '{}'))).toMatch(/VM is not running/);
    });

    it('lists the VM kinds and their subresource API in discovery', async () => {
      expect(await kubectl('api-resources', '--api-group=kubevirt.io')).toMatch(/^virtualmachines\s+vm,vms\s+kubevirt.io\/v1\s+true\s+VirtualMachine/m);
      expect(JSON.parse(await kubectl('get', '--raw', `${RAW}/apis/subresources.kubevirt.io/v1`)).resources).toContainEqual(expect.objectContaining({ name: 'virtualmachines/start' }));
      expect(await kubectl('explain', 'vm.spec.runStrategy')).toMatch(/FIELD:\s+runStrategy <string>/);
    });

    it('rejects an invalid VM with 422 naming the field', async () => {
      expect(await failure('apply', '--validate=false', '-n', 'ops', '-f', write('bad-vm.yaml', VM('broken', '"lots"')))).toMatch(
        /The VirtualMachine "broken" is invalid: spec.template.spec.domain.resources.requests.memory: Invalid value: "lots"/,
      );
    });
  });

  describe('CloudNativePG', () => {
    it('applies a Cluster, shows it healthy with kubectl get, hibernates it by annotation', async () => {
      expect(await kubectl('apply', '-n', 'ops', '-f', write('pg.yaml', PG('orders', '3')))).toMatch(/cluster.postgresql.cnpg.io\/orders created/);
      await kubectl('wait', '-n', 'ops', '--for=jsonpath={.status.phase}=Cluster in healthy state', 'clusters.postgresql.cnpg.io/orders', '--timeout=20s');
      expect(await kubectl('get', 'clusters.postgresql.cnpg.io', '-n', 'ops')).toMatch(/^NAME\s+AGE\s+INSTANCES\s+READY\s+STATUS\s+PRIMARY\s*\norders\s+\S+\s+3\s+3\s+Cluster in healthy state\s+orders-1\s*$/);
      expect(await kubectl('get', 'pods', '-n', 'ops', '-l', 'cnpg.io/cluster=orders,role=primary', '-o', 'name')).toBe('pod/orders-1\n');
      await kubectl('annotate', '-n', 'ops', 'clusters.postgresql.cnpg.io/orders', 'cnpg.io/hibernation=on');
      await kubectl('wait', '-n', 'ops', '--for=condition=cnpg.io/hibernation', 'clusters.postgresql.cnpg.io/orders', '--timeout=20s');
      expect(await kubectl('get', 'pods', '-n', 'ops', '-l', 'cnpg.io/cluster=orders', '-o', 'name')).toBe('');
      expect(await kubectl('get', 'pvc', '-n', 'ops', '-l', 'cnpg.io/cluster=orders', '-o', 'jsonpath={.items[*].status.phase}')).toBe('Bound Bound Bound');
    });

    it('rejects an invalid Cluster with 422 naming the field', async () => {
      expect(await failure('apply', '--validate=false', '-n', 'ops', '-f', write('bad-pg.yaml', PG('broken', '"three"')))).toMatch(/The Cluster "broken" is invalid: spec.instances: Invalid value: "string": spec.instances in body must be of type integer/);
    });
  });

  describe('Kubeflow Notebook', () => {
    it('applies a GPU notebook, shows its StatefulSet ready, stops it by annotation', async () => {
      expect(await kubectl('apply', '-n', 'ops', '-f', write('nb.yaml', NOTEBOOK('jupyter', '1')))).toMatch(/notebook.kubeflow.org\/jupyter created/);
      await kubectl('wait', '-n', 'ops', '--for=jsonpath={.status.readyReplicas}=1', 'notebook/jupyter', '--timeout=20s');
      expect(await kubectl('get', 'notebook', '-n', 'ops')).toMatch(/^NAME\s+AGE\s*\njupyter\s+\S+\s*$/);
      expect(await kubectl('get', 'statefulset', 'jupyter', '-n', 'ops', '-o', 'jsonpath={.status.readyReplicas}/{.spec.replicas}')).toBe('1/1');
      expect(await kubectl('get', 'pod', 'jupyter-0', '-n', 'ops', '-o', 'jsonpath={.spec.containers[0].resources.limits.nvidia\\.com/gpu}')).toBe('1');
      await kubectl('annotate', '-n', 'ops', 'notebook/jupyter', 'kubeflow-resource-stopped=2026-01-01T00:00:00Z');
      await kubectl('wait', '-n', 'ops', '--for=jsonpath={.status.readyReplicas}=0', 'notebook/jupyter', '--timeout=20s');
      expect(await kubectl('get', 'statefulset', 'jupyter', '-n', 'ops', '-o', 'jsonpath={.spec.replicas}')).toBe('0');
    });

    it('rejects an invalid Notebook with 422 naming the field', async () => {
      const bad = NOTEBOOK('broken', '1').replace('- name: broken', '- name: 42');
      expect(await failure('apply', '--validate=false', '-n', 'ops', '-f', write('bad-nb.yaml', bad))).toMatch(/The Notebook "broken" is invalid: spec.template.spec.containers\[0\].name: Invalid value: "integer"/);
    });
  });

  describe('Strimzi Kafka', () => {
    it('applies a Kafka and shows it Ready with its version and bootstrap address', async () => {
      expect(await kubectl('apply', '-n', 'ops', '-f', write('kafka.yaml', KAFKA('events', 'internal')))).toMatch(/kafka.kafka.strimzi.io\/events created/);
      await kubectl('wait', '-n', 'ops', '--for=condition=Ready', 'kafka/events', '--timeout=20s');
      expect(await kubectl('get', 'kafka', '-n', 'ops')).toMatch(/^NAME\s+READY\s+WARNINGS\s+KAFKA VERSION\s+METADATA VERSION\s*\nevents\s+True\s+4\.1\.0\s+4\.1-IV1\s*$/);
      expect(await kubectl('get', 'kafka', 'events', '-n', 'ops', '-o', 'jsonpath={.status.listeners[0].bootstrapServers}')).toBe('events-kafka-bootstrap.ops.svc:9092');
      expect(await kubectl('get', 'pods', '-n', 'ops', '-l', 'strimzi.io/cluster=events,strimzi.io/broker-role=true', '-o', 'name')).toBe('pod/events-kafka-0\npod/events-kafka-1\npod/events-kafka-2\n');
    });

    it('rejects an invalid Kafka with 422 naming the field', async () => {
      expect(await failure('apply', '--validate=false', '-n', 'ops', '-f', write('bad-kafka.yaml', KAFKA('broken', 'bogus')))).toMatch(/The Kafka "broken" is invalid: spec.kafka.listeners\[0\].type: Unsupported value: "bogus"/);
    });
  });

  describe('Cluster API', () => {
    it('applies a Cluster, shows it Provisioned, and deletes it through the Deleting phase, releasing its finalizer', async () => {
      expect(await kubectl('apply', '-n', 'ops', '-f', write('capi.yaml', CAPI_CLUSTER('edge', 'DockerCluster')))).toMatch(/cluster.cluster.x-k8s.io\/edge created/);
      await kubectl('wait', '-n', 'ops', '--for=jsonpath={.status.phase}=Provisioned', 'cl/edge', '--timeout=20s');
      expect(await kubectl('get', 'cl', '-n', 'ops')).toMatch(/^NAME\s+CLUSTERCLASS\s+AVAILABLE\s+CP DESIRED\s+CP AVAILABLE\s+CP UP-TO-DATE\s+W DESIRED\s+W AVAILABLE\s+W UP-TO-DATE\s+PHASE\s+AGE\s+VERSION\s*\nedge\s+True\s+Provisioned\s+\S+\s*$/);
      expect(await kubectl('get', 'cl', 'edge', '-n', 'ops', '-o', 'jsonpath={.metadata.finalizers}')).toBe('["cluster.cluster.x-k8s.io"]');
      // a second finalizer (another controller's) keeps the Cluster while Cluster API releases its own
      await kubectl('patch', '-n', 'ops', 'cl/edge', '--type=json', '-p', '[{"op":"add","path":"/metadata/finalizers/-","value":"example.com/backup"}]');
      await kubectl('delete', '-n', 'ops', 'cl/edge', '--wait=false');
      await kubectl('wait', '-n', 'ops', '--for=jsonpath={.metadata.finalizers[0]}=example.com/backup', 'cl/edge', '--timeout=20s');
      expect(await kubectl('get', 'cl', 'edge', '-n', 'ops', '-o', 'jsonpath={.status.phase}')).toBe('Deleting');
      await kubectl('patch', '-n', 'ops', 'cl/edge', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
      await kubectl('wait', '-n', 'ops', '--for=delete', 'cl/edge', '--timeout=20s');
    });

    it('rejects an invalid Cluster with 422 naming the field', async () => {
      expect(await failure('apply', '--validate=false', '-n', 'ops', '-f', write('bad-capi.yaml', CAPI_CLUSTER('broken', '"docker cluster"')))).toMatch(/The Cluster "broken" is invalid: spec.infrastructureRef.kind: Invalid value: "docker cluster"/);
    });
  });
});
