export * from './cloudtrail';
export * from './common';
export * from './config-events';
export * from './config-item';
export * from './dynamodb-stream';
export * from './evidence-record';
export * from './sqs';
export * from './transition';
