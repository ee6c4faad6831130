export * from './private-nats';
