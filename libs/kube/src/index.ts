export * from './quantity';
export * from './access';
