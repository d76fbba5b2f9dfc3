export * from './event-label';
