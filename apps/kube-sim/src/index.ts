export * from './kube-sim.config';
export * from './kube-sim.server';
export * from './flavours/flavour';
export * from './flavours/node.factory';
export * from './server/cluster-api';
export * from './server/cluster.registry';
export * from './server/cluster-api.factory';
