/**
 * The application manifest as the rest of Sevenfold sees it: what was asked for, already checked.
 */
import type { PeripheralCapability } from '../chips/chip-profile.js';
import type { SourcePosition } from '../diagnostics/diagnostic.js';

export type AppKind = 'high-level' | 'real-time';

export interface PeripheralRequest {
  capability: PeripheralCapability;
  /** The value as written: a number, a chip name such as "ISU0", or "$NAME". */
  raw: string | number;
  pointer: string;
  position: SourcePosition;
  /** NAME, when raw is "$NAME". */
  reference?: string;
  /** The raw value the device sees: raw itself, or what the reference resolved to. */
  value?: string | number;
  /** The chain a reference resolved through, e.g. ["SAMPLE_LED (sample_appliance.json)", ...]. */
  resolvedVia?: string[];
}

export interface AppManifest {
  file: string;
  /** Only "Capabilities" (a CodeSnippets-style fragment, read with fragments: 'recognise'): not a deployable app. */
  fragment?: true;
  name?: string;
  /** Lower-case, no braces: compare with === . */
  componentId?: string;
  entryPoint?: string;
  kind: AppKind;
  peripherals: PeripheralRequest[];
  allowedConnections: string[];
  tcpServerPorts: number[];
  udpServerPorts: number[];
  partners: { componentId: string; pointer: string }[];
  mutableStorageKB?: number;
  deviceAuthentication?: string;
  /** Boolean capabilities set to true. */
  enabled: string[];
  powerControls: string[];
}
