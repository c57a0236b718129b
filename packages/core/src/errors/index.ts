export { ERROR_STATUS, httpStatusFor, type SosErrorCode } from './codes';
export { isSosError, SosError, type SosErrorJSON, type SosErrorOptions } from './sos-error';
