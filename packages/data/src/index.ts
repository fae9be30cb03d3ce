export * from './audit';
export * from './client';
export * from './cursor';
export * from './hash';
export * from './keys';
export * from './query';
export * from './tables';
export * from './transact';
