import { DomainException } from '@flotilla/common';
import { parseResourceQuantities, resourceNameProblem, resourceUnit, toQuotaQuantity } from './quota-resources.util';

function fieldsOf(fn: () => unknown): Array<{ field: string; messages: string[] }> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).code).toBe('VALIDATION_FAILED');
    return (error as DomainException).details!.fields as Array<{ field: string; messages: string[] }>;
  }
  throw new Error('expected a validation failure');
}

describe(parseResourceQuantities.name, () => {
  it('reads quantities into exact integers in each resource’s unit', () => {
    const amounts = parseResourceQuantities(
      { cpu: '1.5', memory: '0.5Gi', 'ephemeral-storage': '1e3', storage: '1Ti', workloads: '3', 'nvidia.com/gpu': '2', 'nvidia.com/mig-1g.10gb': '1k', 'amd.com/gpu': '0' },
      'hard',
    );
    expect(Object.fromEntries(amounts)).toEqual({
      cpu: 1500n, memory: 536870912n, 'ephemeral-storage': 1000n, storage: 2n ** 40n, workloads: 3n, 'nvidia.com/gpu': 2n, 'nvidia.com/mig-1g.10gb': 1000n, 'amd.com/gpu': 0n,
    });
    expect([...amounts.keys()]).toEqual([...amounts.keys()].sort());
  });

  it('rounds cpu up to the millicore and bytes up to the byte, as Kubernetes does', () => {
    expect(parseResourceQuantities({ cpu: '0.0001', memory: '1.5' }, 'amounts')).toEqual(new Map([['cpu', 1n], ['memory', 2n]]));
  });

  it('names every bad field: grammar, sign, whitespace, fractions of counted resources, unknown or reserved names', () => {
    const fields = fieldsOf(() =>
      parseResourceQuantities({ memory: '1GB', cpu: '-1', storage: ' 1Gi', workloads: '1.5', 'nvidia.com/gpu': '500m', gpus: '1', 'kubernetes.io/gpu': '1', 'x.kubernetes.io/y': '1' }, 'hard'),
    );
    expect(fields.map((f) => f.field)).toEqual([
      'hard.cpu', 'hard.gpus', 'hard.kubernetes.io/gpu', 'hard.memory', 'hard.nvidia.com/gpu', 'hard.storage', 'hard.workloads', 'hard.x.kubernetes.io/y',
    ]);
    expect(fields.find((f) => f.field === 'hard.memory')!.messages[0]).toContain('"GB"');
  });

  it('refuses values beyond int64 and non-strings', () => {
    expect(fieldsOf(() => parseResourceQuantities({ memory: '8Ei' }, 'hard'))[0].field).toBe('hard.memory');
    expect(fieldsOf(() => parseResourceQuantities({ cpu: '1E' }, 'hard'))[0].field).toBe('hard.cpu');
    expect(parseResourceQuantities({ cpu: '9P' }, 'hard').get('cpu')).toBe(9n * 10n ** 18n);
    expect(fieldsOf(() => parseResourceQuantities({ cpu: 4 as unknown as string }, 'hard'))[0].field).toBe('hard.cpu');
  });
});

describe(resourceNameProblem.name, () => {
  it('accepts the standard names and any extended resource <domain>/<name>', () => {
    for (const name of ['cpu', 'memory', 'storage', 'ephemeral-storage', 'workloads', 'nvidia.com/gpu', 'nvidia.com/mig-3g.20gb', 'amd.com/gpu', 'example.com/foo_bar.baz']) {
      expect(resourceNameProblem(name), name).toBeNull();
    }
    for (const name of ['', 'gpu', 'requests.cpu', 'NVIDIA.com/gpu', 'nvidia.com/', '/gpu', 'nvidia.com/-gpu', 'a/b/c']) {
      expect(resourceNameProblem(name), name).not.toBeNull();
    }
  });
});

describe(toQuotaQuantity.name, () => {
  it('writes canonical quantities with the exact value', () => {
    expect(toQuotaQuantity('cpu', 1500n)).toEqual({ quantity: '1500m', value: '1500' });
    expect(toQuotaQuantity('cpu', 2000n)).toEqual({ quantity: '2', value: '2000' });
    expect(toQuotaQuantity('memory', 2n ** 31n)).toEqual({ quantity: '2Gi', value: '2147483648' });
    expect(toQuotaQuantity('nvidia.com/gpu', 4n)).toEqual({ quantity: '4', value: '4' });
    expect(resourceUnit('amd.com/gpu')).toBe('count');
    expect(toQuotaQuantity('cpu', 2n ** 64n)).toEqual({ quantity: `${2n ** 64n}m`, value: `${2n ** 64n}` });
  });
});
