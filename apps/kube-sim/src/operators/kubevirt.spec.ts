import { Watch } from '@kubernetes/client-node';
import type { KubeObject } from '../apiserver/api-handler';
import { vmController } from './kubevirt-vm.controller';
import { failureOf, startOperatorSim, statusOf, type OperatorSim } from './testing/operator-sim';

const KUBEVIRT = { group: 'kubevirt.io', version: 'v1' };
const VMS = { ...KUBEVIRT, plural: 'virtualmachines' };
const VMIS = { ...KUBEVIRT, plural: 'virtualmachineinstances' };

function vm(name: string, spec: Record<string, unknown>, domain: Record<string, unknown> = {}): KubeObject {
  const template = { metadata: { labels: { 'kubevirt.io/vm': name } }, spec: { domain: { devices: {}, cpu: { cores: 2 }, resources: { requests: { memory: '2Gi' } }, ...domain } } };
  return { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name }, spec: { template, ...spec } };
}

describe(vmController.name, () => {
  let sut: OperatorSim;
  let ns: string;
  let counter = 0;
  const read = async (plural: 'vm' | 'vmi', name: string) => (await sut.custom.getNamespacedCustomObject({ ...(plural === 'vm' ? VMS : VMIS), namespace: ns, name })) as KubeObject;
  const create = (obj: KubeObject) => sut.custom.createNamespacedCustomObject({ ...VMS, namespace: ns, body: obj });
  const vmStatus = async (name: string) => statusOf(await read('vm', name));
  const vmiOrNone = async (name: string) => (await sut.custom.listNamespacedCustomObject({ ...VMIS, namespace: ns })).items.find((i: KubeObject) => i.metadata.name === name) as KubeObject | undefined;
  const launcherPods = async () => (await sut.core.listNamespacedPod({ namespace: ns, labelSelector: 'kubevirt.io=virt-launcher' })).items;
  const action = (name: string, verb: string) => sut.put(`/apis/subresources.kubevirt.io/v1/namespaces/${ns}/virtualmachines/${name}/${verb}`, {});
  const vmiAction = (name: string, verb: string) => sut.put(`/apis/subresources.kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances/${name}/${verb}`, {});
  /** Every printableStatus the VM shows, in order, as a client watching it sees them. */
  const watchPrintable = async (name: string) => {
    const statuses: string[] = [];
    const watch = await new Watch(sut.kubeConfig).watch(`/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`, { fieldSelector: `metadata.name=${name}` }, (_type, obj: KubeObject) => {
      const printable = statusOf(obj).printableStatus as string | undefined;
      if (printable && statuses.at(-1) !== printable) statuses.push(printable);
    }, () => undefined);
    return { statuses, stop: () => watch.abort() };
  };
  const until = async (name: string, printable: string) => vi.waitFor(async () => expect((await vmStatus(name)).printableStatus).toBe(printable), { timeout: 5000 });

  beforeAll(async () => {
    sut = await startOperatorSim();
  });
  afterAll(() => sut.close());
  beforeEach(async () => {
    ns = `kv${++counter}`;
    await sut.core.createNamespace({ body: { metadata: { name: ns } } });
  });

  it('runs a VM with runStrategy Always: VMI Pending → Scheduling → Scheduled → Running on a virt-launcher pod', async () => {
    const phases: string[] = [];
    const watch = await new Watch(sut.kubeConfig).watch(`/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances`, {}, (_type, obj: KubeObject) => {
      const phase = statusOf(obj).phase as string | undefined;
      if (phase && phases.at(-1) !== phase) phases.push(phase);
    }, () => undefined);
    await create(vm('web', { runStrategy: 'Always' }));
    await until('web', 'Running');
    watch.abort();
    expect(phases).toEqual(['Pending', 'Scheduling', 'Scheduled', 'Running']);
    const status = await vmStatus('web');
    expect(status).toMatchObject({ ready: true, created: true, runStrategy: 'Always' });
    expect(status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
    const [pod] = await launcherPods();
    expect(pod.metadata?.name).toMatch(/^virt-launcher-web-[a-z0-9]{5}$/);
    expect(pod.status?.phase).toBe('Running');
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'VirtualMachineInstance', name: 'web', controller: true });
    // 2Gi guest + 4Mi page tables + 220Mi launcher processes + 2 × 8Mi vCPUs + 8Mi IOThread + 32Mi video RAM
    expect(pod.spec?.containers[0].resources?.requests).toEqual({ cpu: '200m', memory: '2328Mi' });
    const vmi = statusOf(await read('vmi', 'web'));
    expect(vmi).toMatchObject({ nodeName: 'worker-1', interfaces: [expect.objectContaining({ ipAddress: pod.status?.podIP })] });
  });

  it('stops (Always → Halted) and starts (Halted → Always) through subresources.kubevirt.io, 409 when already there', async () => {
    await create(vm('box', { runStrategy: 'Always' }));
    await until('box', 'Running');
    expect(await action('box', 'start')).toMatchObject({ status: 409, body: { reason: 'Conflict', message: 'Operation cannot be fulfilled on virtualmachine.kubevirt.io "box": VM is already running' } });
    expect((await action('box', 'stop')).status).toBe(202);
    expect((await read('vm', 'box')).spec).toMatchObject({ runStrategy: 'Halted' });
    await until('box', 'Stopped');
    expect(await vmiOrNone('box')).toBeUndefined();
    expect(await launcherPods()).toEqual([]);
    expect(await action('box', 'stop')).toMatchObject({ status: 409, body: { message: 'Operation cannot be fulfilled on virtualmachine.kubevirt.io "box": VM is not running' } });
    expect((await action('box', 'start')).status).toBe(202);
    expect((await read('vm', 'box')).spec).toMatchObject({ runStrategy: 'Always' });
    await until('box', 'Running');
  });

  it('goes Starting → Running → Stopping → Stopped', async () => {
    const seen = await watchPrintable('slow');
    await create(vm('slow', { runStrategy: 'Always' }));
    await until('slow', 'Running');
    await action('slow', 'stop');
    await until('slow', 'Stopped');
    seen.stop();
    expect(seen.statuses).toEqual(['Starting', 'Running', 'Stopping', 'Stopped']);
  });

  it('restarts a running VM into a new VMI', async () => {
    await create(vm('again', { runStrategy: 'Always' }));
    await until('again', 'Running');
    const before = (await read('vmi', 'again')).metadata.uid;
    expect((await action('again', 'restart')).status).toBe(202);
    await vi.waitFor(async () => {
      const vmi = await vmiOrNone('again');
      expect(vmi?.metadata.uid).not.toBe(before);
      expect(statusOf(vmi).phase).toBe('Running');
    });
  });

  it('pauses and unpauses the VMI (200), 409 for a second pause or an unpause of a running guest', async () => {
    await create(vm('nap', { runStrategy: 'Always' }));
    await until('nap', 'Running');
    expect((await vmiAction('nap', 'pause')).status).toBe(200);
    await until('nap', 'Paused');
    expect(await vmiAction('nap', 'pause')).toMatchObject({ status: 409, body: { message: 'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "nap": VMI is already paused' } });
    expect((await vmiAction('nap', 'unpause')).status).toBe(200);
    await until('nap', 'Running');
    expect(await vmiAction('nap', 'unpause')).toMatchObject({ status: 409, body: { message: 'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "nap": VMI is not paused' } });
    expect(await vmiAction('ghost', 'pause')).toMatchObject({ status: 404, body: { reason: 'NotFound', message: 'virtualmachineinstance.kubevirt.io "ghost" not found' } });
  });

  it('keeps runStrategy Manual: starts and stops by request only', async () => {
    await create(vm('manual', { runStrategy: 'Manual' }));
    await until('manual', 'Stopped');
    expect(await action('manual', 'stop')).toMatchObject({ status: 409 });
    expect((await action('manual', 'start')).status).toBe(202);
    await until('manual', 'Running');
    expect((await action('manual', 'stop')).status).toBe(202);
    await until('manual', 'Stopped');
    expect((await read('vm', 'manual')).spec).toMatchObject({ runStrategy: 'Manual' });
    expect((await vmStatus('manual')).stateChangeRequests).toBeUndefined();
  });

  it('reruns a failed VMI under RerunOnFailure, and 409s a start of an Always VM', async () => {
    await create(vm('rerun', { runStrategy: 'RerunOnFailure' }));
    await until('rerun', 'Running');
    const first = (await read('vmi', 'rerun')).metadata.uid;
    const [pod] = await launcherPods();
    await sut.core.deleteNamespacedPod({ namespace: ns, name: pod.metadata!.name! });
    await vi.waitFor(async () => {
      const vmi = await vmiOrNone('rerun');
      expect(vmi?.metadata.uid).not.toBe(first);
      expect(statusOf(vmi).phase).toBe('Running');
    });
    await create(vm('always', { runStrategy: 'Always' }));
    await until('always', 'Running');
    expect((await action('always', 'restart')).status).toBe(202);
  });

  it('honours the deprecated spec.running', async () => {
    await create(vm('legacy', { running: true }));
    await until('legacy', 'Running');
    expect((await action('legacy', 'stop')).status).toBe(202);
    expect((await read('vm', 'legacy')).spec).toMatchObject({ running: false });
    await until('legacy', 'Stopped');
  });

  it('reports ErrorUnschedulable for a VM no node can hold', async () => {
    await create(vm('huge', { runStrategy: 'Always' }, { resources: { requests: { memory: '512Gi' } } }));
    await until('huge', 'ErrorUnschedulable');
    expect(statusOf(await read('vmi', 'huge'))).toMatchObject({ phase: 'Scheduling', conditions: expect.arrayContaining([expect.objectContaining({ type: 'PodScheduled', reason: 'Unschedulable' })]) });
  });

  it('keeps the VMI Pending with Synchronized=False while a quota refuses its launcher pod, and starts it once the quota allows', async () => {
    await sut.core.createNamespacedResourceQuota({ namespace: ns, body: { metadata: { name: 'mem' }, spec: { hard: { 'requests.memory': '1Gi' } } } });
    await create(vm('capped', { runStrategy: 'Always' }));
    await vi.waitFor(async () =>
      expect(statusOf(await read('vmi', 'capped'))).toMatchObject({
        phase: 'Pending',
        conditions: [expect.objectContaining({ type: 'Synchronized', status: 'False', reason: 'FailedCreate', message: expect.stringContaining('exceeded quota: mem') })],
      }),
    );
    await sut.core.patchNamespacedResourceQuota({ namespace: ns, name: 'mem', body: { spec: { hard: { 'requests.memory': '4Gi' } } } }, sut.mergePatch);
    await until('capped', 'Running');
  });

  it('rejects what KubeVirt rejects: bad quantities (schema) and a bad run strategy (webhook), naming the field', async () => {
    const badMemory = await failureOf(create(vm('bad', { runStrategy: 'Always' }, { resources: { requests: { memory: '2 Gi' } } })));
    expect(badMemory.code).toBe(422);
    expect(badMemory.body.details).toMatchObject({ causes: [expect.objectContaining({ field: 'spec.template.spec.domain.resources.requests.memory' })] });
    const both = await failureOf(create(vm('both', { runStrategy: 'Always', running: true })));
    expect(both).toMatchObject({ code: 422, body: { reason: 'Invalid', details: { causes: [expect.objectContaining({ field: 'spec.running' })] } } });
    const unknown = await failureOf(create(vm('odd', { runStrategy: 'Sometimes' })));
    expect(unknown.body.message).toBe('admission webhook "virtualmachine-validator.kubevirt.io" denied the request: Invalid RunStrategy (Sometimes)');
  });

  it('deletes a VM with its VMI and pod, showing Terminating until the guest is down', async () => {
    await create(vm('gone', { runStrategy: 'Always' }));
    await until('gone', 'Running');
    const seen = await watchPrintable('gone');
    await sut.custom.deleteNamespacedCustomObject({ ...VMS, namespace: ns, name: 'gone' });
    await vi.waitFor(() => expect(seen.statuses).toContain('Terminating'));
    seen.stop();
    await vi.waitFor(async () => {
      expect((await sut.custom.listNamespacedCustomObject({ ...VMS, namespace: ns })).items).toEqual([]);
      expect(await vmiOrNone('gone')).toBeUndefined();
      expect(await launcherPods()).toEqual([]);
    });
  });
});
