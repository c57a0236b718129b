export { mimeEssence, OCTET_STREAM, typeAgreesWithExtension, typeForExtension } from './content-type';
export {
  type CheckedFile,
  checkFile,
  checkFiles,
  type FileDescription,
  type FileRules,
  fileRulesSchema,
  formatBytes,
  parseFileRules,
} from './file-rules';
