/** The ids of compartmentalization's rules its own checks are keyed to (the app protections' are in protections.ts). */
export const HARDWARE_BARRIERS = 'compartmentalization.hardware-barriers';
export const FAILURE_ISOLATION = 'compartmentalization.failure-isolation';
