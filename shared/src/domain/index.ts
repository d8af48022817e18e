export * from './geo';
export * from './event';
export * from './subject';
export * from './score';
export * from './tenancy';
export * from './webhook';
export * from './feed';
export * from './supply';
