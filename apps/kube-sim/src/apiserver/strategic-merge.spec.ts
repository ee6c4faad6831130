import { mergePatch, strategicMerge } from './strategic-merge';

describe(strategicMerge.name, () => {
  const original = {
    spec: {
      containers: [
        { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
        { name: 'side', image: 'side:1' },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
    },
  };

  it('merges containers, env and ports by key instead of replacing the lists', () => {
    const patched = strategicMerge(original, {
      spec: { containers: [{ name: 'app', image: 'app:2', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 443 }] }] },
    }) as typeof original;
    expect(patched.spec.containers).toHaveLength(2);
    expect(patched.spec.containers[0]).toEqual({
      name: 'app',
      image: 'app:2',
      env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
      ports: [{ containerPort: 80 }, { containerPort: 443 }],
    });
  });

  it('removes list items with $patch: delete and keys with null', () => {
    const patched = strategicMerge(original, { spec: { containers: [{ name: 'side', $patch: 'delete' }], volumes: null } }) as typeof original;
    expect(patched.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(patched.spec).not.toHaveProperty('volumes');
  });

  it('leaves a JSON merge patch replacing lists (RFC 7386)', () => {
    const patched = mergePatch(original, { spec: { containers: [{ name: 'only' }] } }) as typeof original;
    expect(patched.spec.containers).toEqual([{ name: 'only' }]);
  });
});
