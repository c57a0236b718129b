export * from './connection';
export * from './errors';
export * from './http';
export * from './presign';
