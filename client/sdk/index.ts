export * from './dedupe';
