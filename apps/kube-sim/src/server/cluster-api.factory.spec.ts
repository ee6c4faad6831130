import { KubeSimConfig } from '../kube-sim.config';
import { ClusterApiConfigError, clusterApiFactoryFor } from './cluster-api.factory';

describe(clusterApiFactoryFor.name, () => {
  it('refuses a usage minimum above the maximum', () => {
    const config = Object.assign(new KubeSimConfig(), { KUBE_SIM_USAGE_MIN: 0.8, KUBE_SIM_USAGE_MAX: 0.5 });
    expect(() => clusterApiFactoryFor(config)).toThrow(ClusterApiConfigError);
  });

  it('creates cluster APIs that serve metrics and stop cleanly', () => {
    const sut = clusterApiFactoryFor(Object.assign(new KubeSimConfig(), { KUBE_SIM_HEARTBEAT_INTERVAL_MS: 50 }))({});
    expect(sut.resourceTypes.some((rt) => rt.group === 'metrics.k8s.io')).toBe(true);
    sut.close?.();
  });
});
