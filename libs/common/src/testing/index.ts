export * from './private-nats';
export * from './query';
