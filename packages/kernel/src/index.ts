export * from './dates';
export * from './errors';
export * from './ids';
export * from './money';
export * from './names';
export * from './phone';
export * from './resident-id';
export * from './skills';
