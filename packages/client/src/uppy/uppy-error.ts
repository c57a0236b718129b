import { SosUploadError } from '../errors';

/**
 * The error Uppy is given for a failed file. Uppy's informer shows only an
 * error's `message`, so the hint (what to do next) joins it there; code,
 * status and source stay as they were, for apps that branch on them.
 *
 * @example
 * forUppy(new SosUploadError('FILE_TOO_LARGE', 'The file is too large.', { source: 'sos', hint: 'Choose a smaller file.' })).message;
 * // 'The file is too large. Choose a smaller file.'
 */
export function forUppy(error: SosUploadError): SosUploadError {
  if (error.hint === undefined || error.hint === '' || error.message.includes(error.hint)) return error;
  const message = /[.!?]$/.test(error.message) ? error.message : `${error.message}.`;
  const shown = new SosUploadError(error.code, `${message} ${error.hint}`, {
    source: error.source,
    retryable: error.retryable,
    hint: error.hint,
    ...(error.status !== undefined && { status: error.status }),
    ...(error.file !== undefined && { file: error.file }),
    ...(error.partNumber !== undefined && { partNumber: error.partNumber }),
  });
  if (error.stack !== undefined) shown.stack = error.stack;
  return shown;
}
