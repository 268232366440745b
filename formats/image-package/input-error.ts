/**
 * A problem with what the caller handed in (a key, a certificate, a GUID, a name), as opposed to a
 * malformed package (a parse result) or a bug (any other exception). `field` names the input, so the CLI
 * can say which option and file are wrong.
 */
export class ImageInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageInputError';
  }
}

/**
 * Thrown when noble and node:crypto give different verdicts on the same signature. Two independent
 * implementations disagreeing means one of them is wrong, so no verdict can be trusted: this is an
 * internal error, never a finding about the package.
 */
export class SignatureCrossCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureCrossCheckError';
  }
}
