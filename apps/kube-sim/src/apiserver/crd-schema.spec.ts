import { admitCustomObject, applyDefaults, prune, validate, type JsonSchema } from './crd-schema';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', minLength: 1, pattern: '^[a-z]' },
        replicas: { type: 'integer', default: 1, minimum: 0, maximum: 5 },
        mode: { type: 'string', enum: ['a', 'b'] },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', maxItems: 2, items: { type: 'object', properties: { name: { type: 'string', maxLength: 3 } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        tls: { type: 'object', default: {}, properties: { enabled: { type: 'boolean', default: true } } },
        note: { type: 'string', nullable: true },
      },
    },
  },
};

describe('crd-schema', () => {
  it('prunes unknown fields but keeps preserved and additionalProperties ones', () => {
    const value = { spec: { image: 'x', junk: 1, extra: { any: { deep: 1 } }, labels: { a: 'b' }, tags: [{ name: 'n', other: 1 }] } };
    prune(schema, value);
    expect(value).toEqual({ spec: { image: 'x', extra: { any: { deep: 1 } }, labels: { a: 'b' }, tags: [{ name: 'n' }] } });
  });

  it('applies defaults top-down, including inside a defaulted object, and drops non-nullable nulls', () => {
    const value: Record<string, unknown> = { spec: { image: 'x', replicas: null, note: null } };
    applyDefaults(schema, value);
    expect(value).toEqual({ spec: { image: 'x', replicas: 1, note: null, tls: { enabled: true } } });
  });

  it('reports field causes the way kube-apiserver words them', () => {
    const causes = validate(schema, { spec: { replicas: 9, mode: 'c', port: true, tags: [{ name: 'long' }, {}, {}], labels: { a: 1 } } }, '');
    expect(causes).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.image', message: 'Required value' },
      { reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: 9: spec.replicas in body should be less than or equal to 5' },
      { reason: 'FieldValueNotSupported', field: 'spec.mode', message: 'Unsupported value: "c": supported values: "a", "b"' },
      { reason: 'FieldValueTypeInvalid', field: 'spec.port', message: 'Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"' },
      { reason: 'FieldValueTooMany', field: 'spec.tags', message: 'Too many: 3: must have at most 2 items' },
      { reason: 'FieldValueTooLong', field: 'spec.tags[0].name', message: 'Too long: may not be more than 3 bytes' },
      { reason: 'FieldValueTypeInvalid', field: 'spec.labels.a', message: 'Invalid value: "integer": spec.labels.a in body must be of type string: "integer"' },
    ]);
    expect(validate(schema, { spec: { image: 'Bad' } }, '')).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.image', message: `Invalid value: "Bad": spec.image in body should match '^[a-z]'` },
    ]);
  });

  it('admits an object: prune, default, validate, leaving apiVersion, kind and metadata alone', () => {
    const obj = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', labels: { b: 'c' } }, spec: { image: 'nginx', port: '8080' }, junk: true };
    expect(admitCustomObject(schema, obj)).toEqual([]);
    expect(obj).toEqual({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', labels: { b: 'c' } }, spec: { image: 'nginx', port: '8080', replicas: 1, tls: { enabled: true } } });
  });
});
