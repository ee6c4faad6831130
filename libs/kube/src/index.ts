export * from './kube-client.factory';
