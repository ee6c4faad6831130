import { ValidationError } from 'class-validator';
import { toFieldErrors } from './validation.pipe';

function error(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe(toFieldErrors.name, () => {
  it('names nested fields with dotted paths', () => {
    const sut = toFieldErrors([
      error('name', { isString: 'name must be a string' }),
      error('spec', undefined, [error('replicas', { isInt: 'replicas must be an integer', min: 'replicas must not be less than 0' })]),
    ]);
    expect(sut).toEqual([
      { field: 'name', messages: ['name must be a string'] },
      { field: 'spec.replicas', messages: ['replicas must be an integer', 'replicas must not be less than 0'] },
    ]);
  });
});
