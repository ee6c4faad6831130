export * from './registry.config';
export * from './registry.module';
