/**
 * The IAM actions of the `s3` service, from the Service Authorization
 * Reference ("Actions defined by Amazon S3"). Used to spot typos and to probe
 * what a policy allows; an action missing here is reported as unknown, never
 * treated as allowed or denied.
 */
const S3_ACTION_NAMES = `
  AbortMultipartUpload AssociateAccessGrantsIdentityCenter BypassGovernanceRetention
  CreateAccessGrant CreateAccessGrantsInstance CreateAccessGrantsLocation CreateAccessPoint
  CreateAccessPointForObjectLambda CreateBucket CreateBucketMetadataTableConfiguration CreateJob
  CreateMultiRegionAccessPoint CreateStorageLensGroup
  DeleteAccessGrant DeleteAccessGrantsInstance DeleteAccessGrantsInstanceResourcePolicy DeleteAccessGrantsLocation
  DeleteAccessPoint DeleteAccessPointForObjectLambda DeleteAccessPointPolicy DeleteAccessPointPolicyForObjectLambda
  DeleteBucket DeleteBucketMetadataTableConfiguration DeleteBucketOwnershipControls DeleteBucketPolicy
  DeleteBucketWebsite DeleteJobTagging DeleteMultiRegionAccessPoint DeleteObject DeleteObjectTagging
  DeleteObjectVersion DeleteObjectVersionTagging DeleteStorageLensConfiguration
  DeleteStorageLensConfigurationTagging DeleteStorageLensGroup
  DescribeJob DescribeMultiRegionAccessPointOperation DissociateAccessGrantsIdentityCenter
  GetAccelerateConfiguration GetAccessGrant GetAccessGrantsInstance GetAccessGrantsInstanceForPrefix
  GetAccessGrantsInstanceResourcePolicy GetAccessGrantsLocation GetAccessPoint
  GetAccessPointConfigurationForObjectLambda GetAccessPointForObjectLambda GetAccessPointPolicy
  GetAccessPointPolicyForObjectLambda GetAccessPointPolicyStatus GetAccessPointPolicyStatusForObjectLambda
  GetAccountPublicAccessBlock GetAnalyticsConfiguration GetBucketABAC GetBucketAcl GetBucketCORS GetBucketLocation
  GetBucketLogging GetBucketMetadataTableConfiguration GetBucketNotification GetBucketObjectLockConfiguration
  GetBucketOwnershipControls GetBucketPolicy GetBucketPolicyStatus GetBucketPublicAccessBlock
  GetBucketRequestPayment GetBucketTagging GetBucketVersioning GetBucketWebsite GetDataAccess
  GetEncryptionConfiguration GetIntelligentTieringConfiguration GetInventoryConfiguration GetJobTagging
  GetLifecycleConfiguration GetMetricsConfiguration GetMultiRegionAccessPoint GetMultiRegionAccessPointPolicy
  GetMultiRegionAccessPointPolicyStatus GetMultiRegionAccessPointRoutes
  GetObject GetObjectAcl GetObjectAttributes GetObjectLegalHold GetObjectRetention GetObjectTagging
  GetObjectTorrent GetObjectVersion GetObjectVersionAcl GetObjectVersionAttributes GetObjectVersionForReplication
  GetObjectVersionTagging GetObjectVersionTorrent GetReplicationConfiguration GetStorageLensConfiguration
  GetStorageLensConfigurationTagging GetStorageLensDashboard GetStorageLensGroup
  InitiateReplication ListAccessGrants ListAccessGrantsInstances ListAccessGrantsLocations ListAccessPoints
  ListAccessPointsForObjectLambda ListAllMyBuckets ListBucket ListBucketMultipartUploads ListBucketVersions
  ListCallerAccessGrants ListJobs ListMultiRegionAccessPoints ListMultipartUploadParts
  ListStorageLensConfigurations ListStorageLensGroups ListTagsForResource ObjectOwnerOverrideToBucketOwner
  PauseReplication PutAccelerateConfiguration PutAccessGrantsInstanceResourcePolicy
  PutAccessPointConfigurationForObjectLambda PutAccessPointPolicy PutAccessPointPolicyForObjectLambda
  PutAccessPointPublicAccessBlock PutAccountPublicAccessBlock PutAnalyticsConfiguration PutBucketABAC PutBucketAcl
  PutBucketCORS PutBucketLogging PutBucketNotification PutBucketObjectLockConfiguration PutBucketOwnershipControls
  PutBucketPolicy PutBucketPublicAccessBlock PutBucketRequestPayment PutBucketTagging PutBucketVersioning
  PutBucketWebsite PutEncryptionConfiguration PutIntelligentTieringConfiguration PutInventoryConfiguration
  PutJobTagging PutLifecycleConfiguration PutMetricsConfiguration PutMultiRegionAccessPointPolicy
  PutObject PutObjectAcl PutObjectLegalHold PutObjectRetention PutObjectTagging PutObjectVersionAcl
  PutObjectVersionTagging PutReplicationConfiguration PutStorageLensConfiguration
  PutStorageLensConfigurationTagging ReplicateDelete ReplicateObject ReplicateTags RestoreObject
  SubmitMultiRegionAccessPointRoutes TagResource UntagResource UpdateAccessGrantsLocation
  UpdateBucketMetadataInventoryTableConfiguration UpdateBucketMetadataJournalTableConfiguration
  UpdateJobPriority UpdateJobStatus UpdateStorageLensGroup
`;

/** Every known S3 action, with its service prefix (`s3:PutObject`). */
export const S3_ACTIONS: readonly string[] = S3_ACTION_NAMES.trim()
  .split(/\s+/)
  .map((name) => `s3:${name}`);

const KNOWN = new Map(S3_ACTIONS.map((action) => [action.toLowerCase(), action]));

/** The correctly spelt action for a known S3 action in any letter case, else undefined. */
export function knownS3Action(action: string): string | undefined {
  return KNOWN.get(action.toLowerCase());
}

const OBJECT_ACTION =
  /^(?:(?:get|put|delete|restore|replicate)object|abortmultipartupload|listmultipartuploadparts|replicate(?:delete|tags)$|bypassgovernanceretention$|objectowneroverridetobucketowner$)/i;

/**
 * Actions that act on objects (`arn:…:s3:::bucket/key`), not on the bucket.
 * On a bucket ARN without `/*` they grant nothing.
 */
export function isObjectAction(action: string): boolean {
  return OBJECT_ACTION.test(action.replace(/^s3:/i, ''));
}

/** The actions a browser upload needs, by policy tier. */
export const UPLOAD_ACTIONS = {
  'put-only': ['s3:PutObject'],
  multipart: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
} as const satisfies Record<string, readonly string[]>;

/** The permission tier of an upload policy: PutObject only, or also abort and resume multipart uploads. */
export type UploadTier = keyof typeof UPLOAD_ACTIONS;
