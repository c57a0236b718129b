export { errorResponse } from './error-response';
export { createUploadHandler, UPLOAD_ROUTES, type UploadHandler } from './handler';
export { sendWebResponse, type ToWebRequestOptions, toWebRequest } from './node-bridge';
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
export { DEFAULT_MULTIPART_THRESHOLD } from './routes/uploads';
