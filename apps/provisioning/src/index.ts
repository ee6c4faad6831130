export * from './provisioning.config';
export * from './provisioning.module';
