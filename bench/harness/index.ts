export * from './net';
export * from './process';
export * from './load';
export * from './report';
export * from './bench-base';
