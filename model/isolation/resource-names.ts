/**
 * How people name apps and resources on the command line: apps by Name or component ID, resources as
 * "Gpio:8", "Pwm:PWM-CONTROLLER-1", "host:example.net", "app:Thermostat", "storage:Thermostat",
 * "tcp:8080" / "udp:53".
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { PeripheralCapability } from '../../formats/chips/chip-profile.js';
import type { ResolvedHardware } from '../../formats/hardware/hardware-set.js';
import type { Compartment } from './apps.js';
import { ANY_HOST, ANY_PORT, type IsolationSpec, type Resource } from './isolation-spec.js';

const PERIPHERAL_CAPABILITIES: PeripheralCapability[] = ['Gpio', 'Pwm', 'Adc', 'Uart', 'I2cMaster', 'SpiMaster', 'I2sSubordinate', 'ExternalInterrupt'];

export function findCompartment(spec: IsolationSpec, name: string): Compartment | undefined {
  const wanted = name.toLowerCase().replace(/^\{|\}$/g, '');
  const named = sameNamed(spec, name);
  // A Name two apps share picks neither: an answer about one would read as the answer about the other.
  return spec.compartments.find((c) => c.id === wanted) ?? (named.length === 1 ? named[0] : undefined);
}

/** The apps (and board configurations) whose Name is `name`, without regard to case; more than one makes the name ambiguous. */
export function sameNamed(spec: IsolationSpec, name: string): Compartment[] {
  return spec.compartments.filter((c) => c.name.toLowerCase() === name.toLowerCase());
}

/** "2 apps are named Motor (11111111-…, 22222222-…): name one by its ComponentId", or undefined when the name is not shared. */
export function ambiguousName(spec: IsolationSpec, name: string): string | undefined {
  const named = sameNamed(spec, name);
  return named.length > 1 ? `${named.length} apps are named ${name} (${named.map((c) => c.id).join(', ')}): name one by its ComponentId` : undefined;
}

/**
 * A resource named on the command line, checked against the chip and the product: a value the chip
 * does not have, a port outside 1-65535 or a malformed host is an error here, because the proofs
 * would otherwise "prove" an absent node unreachable. `unanswerable` marks a well-formed resource
 * the access graph does not model (the answer is unknown, not no).
 */
export function parseResource(spec: IsolationSpec, text: string): Resource | { error: string; unanswerable?: true } {
  const named = namedPeripheral(spec, text);
  if (named !== undefined) return typeof named === 'string' ? parseResource(spec, named) : named;
  const [head = '', ...rest] = text.split(':');
  const tail = rest.join(':');
  const kind = head.toLowerCase();
  const chip = spec.product.chip;
  const capability = PERIPHERAL_CAPABILITIES.find((c) => c.toLowerCase() === kind);
  if (capability || kind === 'peripheral') {
    const [cap, value] = capability ? [capability, tail] : [PERIPHERAL_CAPABILITIES.find((c) => c.toLowerCase() === (rest[0] ?? '').toLowerCase()), rest.slice(1).join(':')];
    if (!cap || !value) return { error: `"${text}": write a peripheral as <Capability>:<value>, e.g. Gpio:8 or Uart:ISU0` };
    const wanted = cap === 'Gpio' && /^\d+$/.test(value.trim()) ? String(Number(value)) : value.trim().toLowerCase();
    const known = chip.peripherals[cap].find((v) => String(v).toLowerCase() === wanted);
    const chipName = chip.id.toUpperCase();
    if (known === undefined) return { error: `"${text}": ${chipName} has no ${cap} ${value}; ${allowedValues(cap, chip.peripherals[cap])}` };
    return { kind: 'peripheral', capability: cap, value: known };
  }
  if (kind === 'host') {
    if (!tail) return { error: `"${text}": expected host:<name>, e.g. host:example.net` };
    if (!HOST.test(tail) || tail.length > 253) return { error: `"${text}": not a host name (letters, digits, "-" and "." labels, optionally starting with "*.")` };
    return { kind: 'host', host: tail };
  }
  const portOf = (protocol: string, port: string): Resource | { error: string } => {
    const n = /^\d+$/.test(port) ? Number(port) : NaN;
    if (!(n >= 1 && n <= 65535)) return { error: `"${text}": ports are 1-65535` };
    return { kind: 'port', protocol: protocol as 'tcp' | 'udp', port: n };
  };
  if (kind === 'tcp' || kind === 'udp') return portOf(kind, tail);
  if (kind === 'port' && (rest[0] === 'tcp' || rest[0] === 'udp')) return portOf(rest[0], rest.slice(1).join(':'));
  if (kind === 'app' || kind === 'storage') {
    const target = findCompartment(spec, tail);
    const ambiguous = target ? undefined : ambiguousName(spec, tail);
    if (ambiguous) return { error: `"${text}": ${ambiguous}` };
    if (!target) return { error: `"${text}": no app named ${tail}; apps: ${spec.compartments.filter((c) => c.manifest).map((c) => c.name).join(', ')}` };
    if (!target.manifest) return { error: `"${text}": ${target.name} is a board configuration, not an app` };
    return kind === 'app' ? { kind: 'app', id: target.id } : { kind: 'storage', owner: target.id };
  }
  return { error: `"${text}": expected Gpio:8, Uart:ISU0, host:<name>, tcp:<port>, udp:<port>, app:<name> or storage:<name>` };
}

const HOST = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

/** "GPIOs are 0-23, 26-48" or "Uart values are ISU0, ISU1". */
function allowedValues(capability: PeripheralCapability, values: readonly (string | number)[]): string {
  if (capability !== 'Gpio') return `${capability} values are ${values.join(', ')}`;
  const sorted = [...(values as number[])].sort((a, b) => a - b);
  const spans: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    spans.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `GPIOs are ${spans.join(', ')}`;
}

export function describeResource(spec: IsolationSpec, r: Resource): string {
  const name = (id: string) => spec.compartment(id)?.name ?? id;
  switch (r.kind) {
    case 'peripheral':
      return `${r.capability} ${r.value}`;
    case 'app':
      return `app ${name(r.id)}`;
    case 'host':
      return r.host === ANY_HOST ? 'any host' : `host ${r.host}`;
    case 'port':
      return r.port === ANY_PORT ? `any ${r.protocol.toUpperCase()} port` : `${r.protocol.toUpperCase()} port ${r.port}`;
    case 'storage':
      return `${name(r.owner)}'s storage`;
  }
}

/**
 * A peripheral written as the manifests write it, "$LED_RED_LEFT" or "Gpio:$LED_RED_LEFT": the raw value the
 * product's hardware definition gives it ("Gpio:8"), as the build writes it into the manifest. Undefined when
 * the text names no "$NAME"; an error when the product cannot resolve it (never a guess).
 */
function namedPeripheral(spec: IsolationSpec, text: string): string | { error: string } | undefined {
  const at = text.indexOf('$');
  const prefix = text.slice(0, at);
  if (at < 0 || !(prefix === '' || (prefix.endsWith(':') && !prefix.slice(0, -1).includes(':')))) return undefined;
  const asked = prefix.slice(0, -1);
  // Only peripherals have hardware-definition names: "storage:$x" or "app:$x" is an app's name, as written.
  if (asked !== '' && !PERIPHERAL_CAPABILITIES.some((c) => c.toLowerCase() === asked.toLowerCase())) return undefined;
  const name = text.slice(at + 1).trim();
  // A loaded product carries its resolved hardware definitions (the product's, and an app's own when it is built
  // against another: model/product/app-hardware-choice.ts); a spec built in code may not.
  const product = spec.product as { hardware?: ResolvedHardware; apps: { hardware?: ResolvedHardware }[] };
  const definitions = [...new Set([product.hardware, ...product.apps.map((a) => a.hardware)].filter((h): h is ResolvedHardware => h !== undefined))];
  if (definitions.length === 0) return { error: `"${text}": the product file names no hardwareDefinition to resolve $${name} against; write the raw value (e.g. Gpio:8)` };
  const values = new Map<string, string[]>();
  let problem: string | undefined;
  for (const hardware of definitions) {
    const found = hardware.lookup(name);
    if (!found) continue;
    const { entry, resolution } = found;
    if (!resolution.ok || resolution.value === undefined) problem ??= `"${text}": $${name} does not resolve to a peripheral value${resolution.ok ? '' : `: ${resolution.reason}`}`;
    else if (asked !== '' && asked.toLowerCase() !== entry.type.toLowerCase()) problem ??= `"${text}": $${name} is a ${entry.type} peripheral, not ${asked}`;
    else {
      const value = `${entry.type}:${String(resolution.value)}`;
      values.set(value, [...(values.get(value) ?? []), hardware.file]);
    }
  }
  if (problem) return { error: problem };
  if (values.size === 0) return { error: `"${text}": $${name} is not defined in the product's hardware definition${definitions.length > 1 ? 's' : ''} or their imports` };
  // Apps built against different definitions may give one name two values: which one is meant is not a guess to make.
  if (values.size > 1) return { error: `"${text}": $${name} is ${[...values].map(([v, files]) => `${v} in ${files.map((f) => displayPath(f)).join(', ')}`).join(' and ')}: write the raw value` };
  return [...values.keys()][0]!;
}
