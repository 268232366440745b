/** Ids of certificate-authentication rules read in more than one file (the check and the early start of its search). */
export const ATTESTATION_PROTOCOL = 'certificate-authentication.attestation-protocol';
