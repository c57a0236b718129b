export { errorHttpResponse, errorResponse, toWebResponse } from './error-response';
export type { UploadHttpHeaders, UploadHttpRequest, UploadHttpResponse } from './exchange';
export {
  createUploadHandler,
  createUploadHttpHandler,
  UPLOAD_ROUTES,
  type UploadHandler,
  type UploadHttpHandler,
} from './handler';
export {
  fromNodeRequest,
  sendHttpResponse,
  sendWebResponse,
  type ToWebRequestOptions,
  toWebRequest,
} from './node-bridge';
export type {
  HandlerContext,
  MultipartCompleteEvent,
  SignedUploadEvent,
  UploadAction,
  UploadFileDescription,
  UploadHandlerOptions,
  UploadLogger,
} from './options';
export { MAX_BODY_BYTES, MAX_COMPLETE_BODY_BYTES } from './read-body';
export { DEFAULT_MAX_FILES, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_S3_CONCURRENCY } from './routes/uploads';
export { DEFAULT_RESUMABLE_FOR, MAX_RESUMABLE_FOR } from './ticket';
