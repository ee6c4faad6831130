export * from './role.enum';
export * from './identity';
