/**
 * How people name apps and resources on the command line: apps by Name or component ID, resources as
 * "Gpio:8", "Pwm:PWM-CONTROLLER-1", "host:example.net", "app:Thermostat", "storage:Thermostat",
 * "tcp:8080" / "udp:53".
 */
import type { PeripheralCapability } from '../chips/chip-profile.js';
import type { Compartment } from './apps.js';
import type { IsolationSpec, Resource } from './isolation-spec.js';

const PERIPHERAL_CAPABILITIES: PeripheralCapability[] = ['Gpio', 'Pwm', 'Adc', 'Uart', 'I2cMaster', 'SpiMaster', 'I2sSubordinate', 'ExternalInterrupt'];

export function findCompartment(spec: IsolationSpec, name: string): Compartment | undefined {
  const wanted = name.toLowerCase().replace(/^\{|\}$/g, '');
  return spec.compartments.find((c) => c.id === wanted) ?? spec.compartments.find((c) => c.name.toLowerCase() === wanted);
}

export function parseResource(spec: IsolationSpec, text: string): Resource | { error: string } {
  const [head = '', ...rest] = text.split(':');
  const tail = rest.join(':');
  const kind = head.toLowerCase();
  const capability = PERIPHERAL_CAPABILITIES.find((c) => c.toLowerCase() === kind);
  if (capability || kind === 'peripheral') {
    const [cap, value] = capability ? [capability, tail] : [PERIPHERAL_CAPABILITIES.find((c) => c.toLowerCase() === (rest[0] ?? '').toLowerCase()), rest.slice(1).join(':')];
    if (!cap || !value) return { error: `"${text}": write a peripheral as <Capability>:<value>, e.g. Gpio:8 or Uart:ISU0` };
    return { kind: 'peripheral', capability: cap, value: cap === 'Gpio' && /^\d+$/.test(value) ? Number(value) : value };
  }
  if (kind === 'host' && tail) return { kind: 'host', host: tail };
  if ((kind === 'tcp' || kind === 'udp') && /^\d+$/.test(tail)) return { kind: 'port', protocol: kind, port: Number(tail) };
  if (kind === 'port') {
    const [protocol, port] = rest;
    if ((protocol === 'tcp' || protocol === 'udp') && port && /^\d+$/.test(port)) return { kind: 'port', protocol, port: Number(port) };
  }
  if (kind === 'app' || kind === 'storage') {
    const target = findCompartment(spec, tail);
    if (!target) return { error: `"${text}": no app named ${tail}; apps: ${spec.compartments.map((c) => c.name).join(', ')}` };
    return kind === 'app' ? { kind: 'app', id: target.id } : { kind: 'storage', owner: target.id };
  }
  return { error: `"${text}": expected Gpio:8, Uart:ISU0, host:<name>, tcp:<port>, udp:<port>, app:<name> or storage:<name>` };
}

export function describeResource(spec: IsolationSpec, r: Resource): string {
  const name = (id: string) => spec.compartment(id)?.name ?? id;
  switch (r.kind) {
    case 'peripheral':
      return `${r.capability} ${r.value}`;
    case 'app':
      return `app ${name(r.id)}`;
    case 'host':
      return `host ${r.host}`;
    case 'port':
      return `${r.protocol.toUpperCase()} port ${r.port}`;
    case 'storage':
      return `${name(r.owner)}'s storage`;
  }
}
