export * from './kube-client.factory';
export * from './quantity';
