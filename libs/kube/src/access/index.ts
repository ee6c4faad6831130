export * from './cluster-access';
export * from './kube-access.error';
export * from './kubeconfig.parser';
export * from './credentials';
export * from './describe-access';
