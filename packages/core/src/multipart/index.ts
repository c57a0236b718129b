export { type AbortMultipartUploadInput, abortMultipartUpload } from './abort-multipart-upload';
export {
  type CompletedPart,
  type CompletedUpload,
  type CompleteMultipartUploadInput,
  checkCompletedParts,
  completeMultipartUpload,
} from './complete-multipart-upload';
export {
  type CreateMultipartUploadInput,
  createMultipartUpload,
  type MultipartUpload,
} from './create-multipart-upload';
export { type ListPartsInput, listParts, type UploadedPart } from './list-parts';
export {
  MAX_OBJECT_SIZE,
  MAX_PART_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  type PartPlan,
  type PlannedPart,
  type PlanPartsOptions,
  planParts,
} from './plan-parts';
export { type SignedPart, type SignedParts, type SignPartsInput, signParts } from './sign-parts';
export type { MultipartTarget } from './target';
