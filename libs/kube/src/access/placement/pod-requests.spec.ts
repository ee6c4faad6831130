import { podEffectiveRequests } from './pod-requests';
import { formatAmounts } from './resource-amounts';

const c = (requests?: Record<string, string>, limits?: Record<string, string>, restartPolicy?: string) => ({ resources: { requests, limits }, restartPolicy });

describe(podEffectiveRequests.name, () => {
  it.each([
    ['sums app containers', { containers: [c({ cpu: '250m', memory: '64Mi' }), c({ cpu: '750m', memory: '64Mi' })] }, { cpu: '1', memory: '128Mi' }],
    ['takes a request over its limit', { containers: [c({ cpu: '500m' }, { cpu: '2' })] }, { cpu: '500m' }],
    ['takes the limit where no request is set', { containers: [c({ cpu: '500m' }, { cpu: '2', memory: '1Gi' })] }, { cpu: '500m', memory: '1Gi' }],
    ['keeps at least the largest init container', { containers: [c({ cpu: '100m' })], initContainers: [c({ cpu: '2' }), c({ cpu: '1' })] }, { cpu: '2' }],
    [
      'adds sidecars to the app containers and to later init containers',
      { containers: [c({ cpu: '1' })], initContainers: [c({ cpu: '500m' }, undefined, 'Always'), c({ cpu: '1' })] },
      { cpu: '1500m' },
    ],
    ['adds runtime overhead', { containers: [c({ cpu: '1', memory: '1Gi' })], overhead: { cpu: '250m', memory: '120Mi' } }, { cpu: '1250m', memory: '1144Mi' }],
    ['is empty for a pod without requests', { containers: [c()] }, {}],
  ])('%s', (_, spec, expected) => {
    expect(formatAmounts(podEffectiveRequests(spec))).toEqual(expected);
  });
});
