export { type ClosestMatchesOptions, closestMatches, editDistance } from './closest-matches';
export { ERROR_STATUS, httpStatusFor, type SosErrorCode } from './codes';
export { isSosError, SosError, type SosErrorJSON, type SosErrorOptions } from './sos-error';
export type { ValidationIssue } from './validation-issue';
