export {
  isActiveContentType,
  mimeEssence,
  type NormalizedContentType,
  normalizeContentType,
  OCTET_STREAM,
  typeAgreesWithExtension,
  typeForExtension,
} from './content-type';
export {
  assertFileCount,
  type CheckedFile,
  checkFile,
  checkFiles,
  DEFAULT_MIN_FILE_SIZE,
  type FileDescription,
  type FileRules,
  fileRulesSchema,
  formatBytes,
  parseFileRules,
} from './file-rules';
