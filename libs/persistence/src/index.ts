export * from './database-setup';
export * from './data-source.options';
export * from './persistence.module';
export * from './migrations.runner';
