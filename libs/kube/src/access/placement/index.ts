export * from './resource-amounts';
export * from './pod-requests';
export * from './node-fit';
export * from './node-capacity';
export * from './place-replicas';
