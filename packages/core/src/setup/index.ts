export {
  type CloudFormationOptions,
  type CloudFormationTemplate,
  type GeneratedTemplate,
  generateCloudFormationTemplate,
} from './cloudformation';
export {
  CORS_EXPOSE_HEADERS,
  type CorsConfiguration,
  type CorsMethod,
  type CorsOptions,
  type CorsRule,
  DEFAULT_CORS_ALLOWED_HEADERS,
  generateCorsConfiguration,
} from './cors';
export {
  type CostEstimate,
  type CostEstimateOptions,
  type CostLine,
  DEFAULT_S3_PRICES,
  estimateMonthlyCost,
  type S3PriceTable,
} from './cost';
export {
  generateLifecycleConfiguration,
  LIFECYCLE_RULE_ID,
  type LifecycleConfiguration,
  type LifecycleOptions,
  type LifecycleRule,
} from './lifecycle';
export { cloudFormationQuickCreateUrl, type QuickCreateUrlOptions } from './quick-create-url';
export { renderSetupGuide, type SetupGuideOptions } from './setup-guide';
