export * from './create-outbox-table.migration';
export * from './jetstream.setup';
export * from './outbox-message.entity';
export * from './outbox.module';
export * from './outbox.relay';
export * from './outbox.writer';
