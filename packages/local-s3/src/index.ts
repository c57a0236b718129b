export { corsRulesToXml, type LocalS3CorsRule } from './cors-xml';
export {
  generateLocalCredentials,
  type LocalS3,
  type LocalS3Bucket,
  type LocalS3Credentials,
  type LocalS3Options,
  startLocalS3,
} from './local-s3';
