export { errorResponse } from './error-response';
export {
  createUploadHandler,
  type HandlerContext,
  type UploadFileDescription,
  type UploadHandler,
  type UploadHandlerOptions,
} from './handler';
export { sendWebResponse, type ToWebRequestOptions, toWebRequest } from './node-bridge';
export { MAX_BODY_BYTES } from './read-body';
