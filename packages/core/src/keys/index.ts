export { buildObjectKey, DEFAULT_KEY_TEMPLATE, type ObjectKeyValues } from './object-key';
export { assertKeyWithinPrefix, assertValidObjectKey, MAX_KEY_BYTES, normalizePrefix } from './object-key-checks';
export {
  type FilenameParts,
  type SanitizeFilenameOptions,
  sanitizeFilename,
  sanitizeFilenameParts,
} from './sanitize-filename';
