import { labelKeyProblem, labelValueProblem, validLabels, validQuantities } from './cluster-input.util';

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { details: { fields: Array<{ field: string }> } }).details.fields.map((f) => f.field);
  }
  return [];
};

describe('cluster input', () => {
  it('label keys follow Kubernetes syntax: optional DNS subdomain prefix, 63-character name', () => {
    for (const key of ['env', 'app.kubernetes.io/name', 'a', 'x_y.z-1', `${'a'.repeat(63)}`, `${'p.'.repeat(100)}p/n`]) expect(labelKeyProblem(key)).toBeNull();
    for (const key of ['', '-env', 'env-', 'a/b/c', '/x', 'UPPER.case/x', `${'a'.repeat(64)}`, 'sp ace', 'team/', `${'p'.repeat(254)}/n`]) {
      expect(labelKeyProblem(key)).not.toBeNull();
    }
  });

  it('label values: empty, or up to 63 alphanumerics, "-", "_", "." starting and ending alphanumeric', () => {
    for (const value of ['', 'prod', 'v1.2_3-x', 'a'.repeat(63)]) expect(labelValueProblem(value)).toBeNull();
    for (const value of ['-x', 'x.', 'a'.repeat(64), 'a b', 7]) expect(labelValueProblem(value)).not.toBeNull();
  });

  it('names the offending label and resource', () => {
    expect(fieldsOf(() => validLabels({ ok: 'yes', 'bad key': 'x' }))).toEqual(['labels.bad key']);
    expect(fieldsOf(() => validLabels({ env: 'x' }, 'nodeSelector'))).toEqual([]);
    expect(fieldsOf(() => validLabels({ env: '-' }, 'nodeSelector'))).toEqual(['nodeSelector.env']);
    expect(fieldsOf(() => validQuantities({ cpu: '500m', memory: '2Gi', 'nvidia.com/gpu': '4', 'hugepages-2Mi': '1Gi' }, 'declaredCapacity'))).toEqual([]);
    expect(fieldsOf(() => validQuantities({ memory: '2GB' }, 'declaredCapacity'))).toEqual(['declaredCapacity.memory']);
    expect(fieldsOf(() => validQuantities({ cpu: '-1' }, 'requests'))).toEqual(['requests.cpu']);
    expect(fieldsOf(() => validQuantities({ gpus: '1' }, 'requests'))).toEqual(['requests.gpus']);
    expect(fieldsOf(() => validQuantities({ 'nvidia.com/mig-1g.10gb': '1.5' }, 'requests'))).toEqual(['requests.nvidia.com/mig-1g.10gb']);
    expect(fieldsOf(() => validQuantities({ cpu: 2 as unknown as string }, 'requests'))).toEqual(['requests.cpu']);
  });
});
