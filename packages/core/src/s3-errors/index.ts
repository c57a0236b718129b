export {
  type DescribeS3ErrorOptions,
  describeS3Error,
  type S3Problem,
  type S3ProblemCode,
  s3ErrorCodeFromXml,
} from './describe-s3-error';
export { type S3Operation, s3OperationError } from './s3-operation-error';
