export { isPlaceholderBucketName } from './placeholders';
export { type BucketNameValidation, validateBucketName } from './validate-bucket-name';
