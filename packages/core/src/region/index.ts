export { parseRegion, partitionOf, type RegionParseResult } from './parse-region';
export { AWS_REGIONS, type AwsPartition, type AwsRegion } from './regions';
