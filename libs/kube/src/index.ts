export * from './kube-client.factory';
export * from './quantity';
export * from './access';
