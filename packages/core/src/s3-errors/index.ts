export { describeS3Error, type S3Problem, type S3ProblemCode, s3ErrorCodeFromXml } from './describe-s3-error';
