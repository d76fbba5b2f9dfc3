export * from './shutdown';
export * from './worker-heartbeat';
