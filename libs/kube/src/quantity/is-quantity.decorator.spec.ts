import { validateSync } from 'class-validator';
import { IsQuantity, isQuantity } from './is-quantity.decorator';

class QuotaDto {
  @IsQuantity()
  cpu: unknown;

  @IsQuantity({ allowNegative: true })
  delta: unknown;

  @IsQuantity({}, { each: true })
  limits: unknown[];
}

function dto(fields: Partial<QuotaDto>): QuotaDto {
  return Object.assign(new QuotaDto(), { cpu: '500m', delta: '-1Gi', limits: ['1', '2Gi'] }, fields);
}

function messages(fields: Partial<QuotaDto>): string[] {
  return validateSync(dto(fields)).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe(IsQuantity.name, () => {
  it('accepts quantities', () => {
    expect(messages({})).toEqual([]);
  });

  it.each([['-1'], ['1GB'], [' 1'], [''], [1], [null], [undefined], [{}]])('rejects cpu %j', (cpu) => {
    expect(messages({ cpu })).toEqual(['cpu must be a Kubernetes quantity such as "500m" or "2Gi"']);
  });

  it('accepts a negative value only when asked to', () => {
    expect(messages({ delta: '-500m' })).toEqual([]);
    expect(messages({ delta: '-5x' })).toEqual(['delta must be a Kubernetes quantity such as "500m" or "2Gi"']);
  });

  it('checks each element of an array', () => {
    expect(messages({ limits: ['1', 'Gi'] })).toEqual(['each value in limits must be a Kubernetes quantity such as "500m" or "2Gi"']);
  });
});

describe(isQuantity.name, () => {
  it.each([
    ['2Gi', {}, true],
    ['-1', {}, false],
    ['-1', { allowNegative: true }, true],
    ['1e1000000', { allowNegative: true }, false],
    [2, {}, false],
    [null, {}, false],
  ] as const)('%j with %j is %s', (value, options, expected) => {
    expect(isQuantity(value, options)).toBe(expected);
  });
});
