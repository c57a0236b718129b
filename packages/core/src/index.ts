export * from './connection';
export * from './errors';
export * from './http';
export * from './keys';
export * from './multipart';
export * from './presign';
export * from './rules';
export * from './server-upload';
