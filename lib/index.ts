export * from './evidence-function';
export * from './evidence-pipeline';
export * from './evidence-stack';
