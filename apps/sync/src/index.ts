export * from './sync.config';
export * from './sync.module';
