import { jsonPathValue } from './printer-columns';

describe(jsonPathValue.name, () => {
  const obj = {
    metadata: { creationTimestamp: '2026-01-01T00:00:00Z' },
    status: { instances: 3, conditions: [{ type: 'Warning', status: 'False' }, { type: 'Ready', status: 'True' }], listeners: [{ name: 'a' }, { name: 'b' }] },
  };

  it('follows fields, indexes, wildcards and equality filters, answering the first match', () => {
    expect(jsonPathValue(obj, '.status.instances')).toBe(3);
    expect(jsonPathValue(obj, '.status.listeners[1].name')).toBe('b');
    expect(jsonPathValue(obj, '.status.listeners[*].name')).toBe('a');
    expect(jsonPathValue(obj, '.status.conditions[?(@.type=="Ready")].status')).toBe('True');
    expect(jsonPathValue(obj, '{.metadata.creationTimestamp}')).toBe('2026-01-01T00:00:00Z');
  });

  it('answers undefined for what is not there', () => {
    expect(jsonPathValue(obj, '.status.phase')).toBeUndefined();
    expect(jsonPathValue(obj, '.status.conditions[?(@.type=="Missing")].status')).toBeUndefined();
    expect(jsonPathValue(obj, '.spec.x[3]')).toBeUndefined();
  });
});
