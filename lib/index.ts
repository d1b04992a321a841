export * from './bundling';
export * from './event-patterns';
export * from './evidence-function';
export * from './evidence-pipeline';
export * from './evidence-stack';
export * from './member-account';
export * from './scheduled-evidence';
