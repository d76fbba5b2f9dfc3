/**
 * Bitbucket webhook handling without I/O: signature checks, platform detection, and mapping a
 * verified delivery to the sync and pull-request jobs it asks for.
 */
export { verifySignature, signBody } from './signature';
export type { SignatureCheck, SignatureProblem } from './signature';
export { detectPlatform, deliveryIdOf } from './platform';
export type { Platform, WebhookHeaders } from './platform';
export { mapDelivery } from './map-delivery';
export type { DeliveryInput, MappedDelivery, RepoLookup, TrackedRepo } from './delivery-types';
export { PayloadValidationError } from './payload-validation-error';
export {
  cloudPullRequestSchema,
  cloudPushSchema,
  dataCenterPullRequestSchema,
  dataCenterPushSchema,
} from './schemas';
