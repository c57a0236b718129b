/**
 * `@sos/client/uppy`: the Uppy uploader plugin for sos.
 *
 * @example
 * import Uppy from '@uppy/core';
 * import { SosUpload } from '@sos/client/uppy';
 *
 * const uppy = new Uppy().use(SosUpload, { endpoint: '/api/upload' });
 */
export {
  type SosCancelledEvent,
  type SosRetryEvent,
  SosUpload,
  type SosUploadBody,
  type SosUploadOptions,
} from './sos-upload';
