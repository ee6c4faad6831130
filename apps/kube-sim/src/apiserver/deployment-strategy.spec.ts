import type { KubeObject } from './store';
import { resolveFenceposts, strategyCauses, type DeploymentStrategy } from './deployment-strategy';

const deployment = (replicas: number, strategy: DeploymentStrategy): KubeObject => ({ metadata: { name: 'd' }, spec: { replicas, strategy } });
const rolling = (maxSurge: number | string, maxUnavailable: number | string): DeploymentStrategy => ({ type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } });

describe(resolveFenceposts.name, () => {
  it.each([
    { replicas: 10, maxSurge: '25%', maxUnavailable: '25%', expected: { maxSurge: 3, maxUnavailable: 2 } },
    { replicas: 3, maxSurge: '25%', maxUnavailable: '25%', expected: { maxSurge: 1, maxUnavailable: 0 } },
    { replicas: 10, maxSurge: 2, maxUnavailable: 1, expected: { maxSurge: 2, maxUnavailable: 1 } },
    // both round to 0: unavailable becomes 1 so the rollout can move
    { replicas: 1, maxSurge: '0%', maxUnavailable: '10%', expected: { maxSurge: 0, maxUnavailable: 1 } },
    { replicas: 4, maxSurge: 0, maxUnavailable: '100%', expected: { maxSurge: 0, maxUnavailable: 4 } },
    { replicas: 2, maxSurge: 1, maxUnavailable: 5, expected: { maxSurge: 1, maxUnavailable: 2 } },
    { replicas: 0, maxSurge: '25%', maxUnavailable: '25%', expected: { maxSurge: 0, maxUnavailable: 0 } },
  ])('resolves maxSurge=$maxSurge maxUnavailable=$maxUnavailable of $replicas replicas', ({ replicas, maxSurge, maxUnavailable, expected }) => {
    expect(resolveFenceposts(deployment(replicas, rolling(maxSurge, maxUnavailable)))).toEqual(expected);
  });

  it('has no surge or unavailability for Recreate', () => {
    expect(resolveFenceposts(deployment(5, { type: 'Recreate' }))).toEqual({ maxSurge: 0, maxUnavailable: 0 });
  });
});

describe(strategyCauses.name, () => {
  const PATH = 'spec.strategy.rollingUpdate';

  it('accepts the defaults, ints, percentages and Recreate', () => {
    expect([rolling('25%', '25%'), rolling(0, 1), rolling('100%', 0), { type: 'Recreate' }].flatMap(strategyCauses)).toEqual([]);
  });

  it('refuses both 0, negative ints, malformed or excessive percentages', () => {
    expect(strategyCauses(rolling('0%', 0))).toEqual([{ reason: 'FieldValueInvalid', field: `${PATH}.maxUnavailable`, message: 'Invalid value: 0: may not be 0 when `maxSurge` is 0' }]);
    expect(strategyCauses(rolling(-1, 1))).toEqual([{ reason: 'FieldValueInvalid', field: `${PATH}.maxSurge`, message: 'Invalid value: -1: must be greater than or equal to 0' }]);
    expect(strategyCauses(rolling('ten', 1))[0]).toMatchObject({ field: `${PATH}.maxSurge`, message: expect.stringMatching(/^Invalid value: "ten": a valid percent string must be/) });
    expect(strategyCauses(rolling(1, '150%'))).toEqual([{ reason: 'FieldValueInvalid', field: `${PATH}.maxUnavailable`, message: 'Invalid value: "150%": must not be greater than 100%' }]);
  });

  it('refuses rollingUpdate with Recreate and an unknown type', () => {
    expect(strategyCauses({ type: 'Recreate', rollingUpdate: {} })).toEqual([
      { reason: 'FieldValueForbidden', field: PATH, message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" },
    ]);
    expect(strategyCauses({ type: 'BlueGreen' })).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.strategy.type', message: 'Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"' },
    ]);
  });
});
