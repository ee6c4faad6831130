export * from './kube-sim.config';
export * from './kube-sim.server';
