/**
 * Ids of the requirement-profile bounds the update attack catalog and the renewable-security rules read.
 * The numbers themselves are the profile's (model/requirements/profiles/*.json, each with its source),
 * never the update design's: a design that declares a lax expiry or clock skew must not grade itself.
 */
export const MAX_REACH = 'renewable-security.max-reach';
export const MAX_FREEZE_DETECTION = 'renewable-security.max-freeze-detection';
export const MIN_LINK_RATE = 'renewable-security.min-link-rate';
export const LARGEST_IMAGE = 'renewable-security.largest-image';
