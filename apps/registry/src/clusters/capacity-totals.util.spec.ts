import type { NodeCapacityDto } from '@flotilla/contracts';
import { capacityTotals } from './capacity-totals.util';

const node = (name: string, ready: boolean, allocatable: Record<string, string>, allocated: Record<string, string>): NodeCapacityDto => ({
  name, ready, schedulable: ready, labels: {}, taints: [], capacity: allocatable, allocatable, allocated, available: {}, pods: 0,
});

describe(capacityTotals.name, () => {
  it('sums Ready nodes exactly whatever the suffixes, and gives available = total − allocated', () => {
    const totals = capacityTotals([
      node('a', true, { cpu: '3900m', memory: '15Gi', 'nvidia.com/gpu': '2' }, { cpu: '1.5', memory: '512Mi', 'nvidia.com/gpu': '1' }),
      node('b', true, { cpu: '4', memory: '16384Mi' }, { cpu: '100m' }),
      node('down', false, { cpu: '64', memory: '256Gi' }, { cpu: '8' }),
    ]);
    expect(totals).toEqual({
      total: { cpu: '7900m', memory: '31Gi', 'nvidia.com/gpu': '2' },
      allocated: { cpu: '1600m', memory: '512Mi', 'nvidia.com/gpu': '1' },
      available: { cpu: '6300m', memory: '31232Mi', 'nvidia.com/gpu': '1' },
    });
  });

  it('is empty for a cluster without Ready nodes', () => {
    expect(capacityTotals([node('down', false, { cpu: '4' }, {})])).toEqual({ total: {}, allocated: {}, available: {} });
  });
});
