export { type ErrorSource, isSosUploadError, SosUploadError } from './errors';
export type {
  FileState,
  RetryInfo,
  RetryOptions,
  ServerHeaders,
  StateStore,
  TaskState,
  Uploader,
  UploaderOptions,
  UploadFile,
  UploadOptions,
  UploadProgress,
  UploadResult,
  UploadTask,
} from './types';
export { createUploader } from './uploader';
