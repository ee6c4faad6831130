export * from './cost.config';
export * from './cost.module';
