export * from './quantity';
export * from './quantity-format.util';
export * from './quantity-parse.error';
export * from './is-quantity.decorator';
