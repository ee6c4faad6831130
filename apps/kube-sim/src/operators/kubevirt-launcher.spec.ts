import { computeResources, memoryOverhead, type VmiSpec } from './kubevirt-launcher';

const MI = 1024n * 1024n;
const spec = (domain: VmiSpec['domain'], extra: Partial<VmiSpec> = {}): VmiSpec => ({ domain, ...extra });

describe(memoryOverhead.name, () => {
  it('adds page tables, the launcher processes, vCPUs, the IOThread and video RAM to a 1-vCPU VM', () => {
    // 1Gi guest: 1073742000 / 512 = 2097152 bytes (2Mi) of page tables; 220 + 8 + 8 + 32 Mi of fixed parts
    expect(memoryOverhead(spec({ resources: { requests: { memory: '1Gi' } } }))).toBe(2n * MI + 268n * MI);
  });

  it('counts vCPUs from the topology, else from the CPU limit or request', () => {
    const base = memoryOverhead(spec({ resources: { requests: { memory: '1Gi' } } }));
    expect(memoryOverhead(spec({ cpu: { cores: 2, sockets: 2, threads: 1 }, resources: { requests: { memory: '1Gi' } } })) - base).toBe(24n * MI);
    expect(memoryOverhead(spec({ resources: { requests: { memory: '1Gi', cpu: '2500m' } } })) - base).toBe(16n * MI);
  });

  it('drops video RAM without graphics and adds VFIO, probes, TPM and dedicated CPU overheads', () => {
    const base = memoryOverhead(spec({ resources: { requests: { memory: '1Gi' } } }));
    expect(memoryOverhead(spec({ devices: { autoattachGraphicsDevice: false }, resources: { requests: { memory: '1Gi' } } })) - base).toBe(-32n * MI);
    expect(memoryOverhead(spec({ devices: { gpus: [{ deviceName: 'nvidia.com/GA102GL_A10' }] }, resources: { requests: { memory: '1Gi' } } })) - base).toBe(1024n * MI);
    expect(memoryOverhead(spec({ resources: { requests: { memory: '1Gi' } } }, { readinessProbe: { exec: {} } })) - base).toBe(110n * MI);
    expect(memoryOverhead(spec({ devices: { tpm: {} }, resources: { requests: { memory: '1Gi' } } })) - base).toBe(53n * MI);
    expect(memoryOverhead(spec({ cpu: { cores: 1, dedicatedCpuPlacement: true }, resources: { requests: { memory: '1Gi' } } })) - base).toBe(100n * MI);
  });
});

describe(computeResources.name, () => {
  it('requests guest memory plus overhead and a tenth of a CPU per vCPU', () => {
    expect(computeResources(spec({ cpu: { cores: 4 }, memory: { guest: '8Gi' } }))).toEqual({ requests: { cpu: '400m', memory: `${8192 + 16 + 220 + 32 + 8 + 32}Mi` } });
  });

  it('keeps the VM’s own requests, adds the overhead to a memory limit, and asks for one of each GPU', () => {
    const domain = { devices: { gpus: [{ deviceName: 'nvidia.com/gpu' }, { deviceName: 'nvidia.com/gpu' }] }, resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '4Gi' } } };
    // 4Gi of page tables: 4294968000 / 512 = 8Mi and one byte, so the sum is no whole number of Mi
    const memory = String((4096n + 8n + 220n + 16n + 8n + 32n + 1024n) * MI + 1n);
    expect(computeResources(spec(domain))).toEqual({ requests: { cpu: '2', memory, 'nvidia.com/gpu': '2' }, limits: { memory, 'nvidia.com/gpu': '2' } });
  });

  it('leaves the overhead out of the request when overcommitGuestOverhead is set', () => {
    expect(computeResources(spec({ resources: { requests: { memory: '2Gi' }, overcommitGuestOverhead: true } })).requests.memory).toBe('2Gi');
  });
});
