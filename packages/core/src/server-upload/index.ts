export {
  type ObjectBody,
  type PutObjectInput,
  type PutObjectResult,
  putObject,
  type UploadProgress,
} from './put-object';
