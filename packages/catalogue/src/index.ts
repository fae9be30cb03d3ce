export * from './agencies';
export * from './programmes';
