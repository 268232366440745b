/**
 * Values left as written in a sample or template: "<IoT Hub Endpoint>", "Replace_with_your_Azure_Sphere_Tenant_ID",
 * the nil GUID. The samples ship them for the user to fill in (e.g. azure-sphere-samples
 * CodeSnippets/DeviceId/README.md: "modify the DeviceAuthentication UUID to match the catalog ID that the
 * device is claimed into"); left in a product they name nothing the product owns.
 */

/**
 * Phrases a template uses to ask for a value ("REPLACE_WITH_…", "yourhostname", "CHANGE THIS"), at the
 * start of the text or after a non-letter. Kept specific so that real names such as enterprise.com or
 * yourls.org are not taken for placeholders.
 */
const ASKS_FOR_A_VALUE =
  /(^|[^a-z])(replace([ _-]|with)|change[ _-]?(this|me)|placeholder|insert[ _-]|enter[ _-]|todo([^a-z]|$)|your[ _-]?(host|hub|iot|tenant|server|domain|name|endpoint|url|app|dps|id|catalog|azure|device|company))/i;

/** Text that asks for a value instead of being one: a fill-in word, angle brackets or spaces. */
export function isPlaceholderText(value: string): boolean {
  return /[<>\s]/.test(value.trim()) || ASKS_FOR_A_VALUE.test(value);
}

/**
 * A GUID made of one repeated hex digit: the nil UUID (RFC 4122 §4.1.7, all bits zero) and its
 * look-alikes (11111111-…, ffffffff-…). No tenant is created with such an ID.
 */
export function isPlaceholderGuid(normalizedGuid: string): boolean {
  return /^([0-9a-f])\1*$/.test(normalizedGuid.replace(/-/g, ''));
}
