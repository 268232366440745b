/**
 * Device capabilities that attach a debugger to a core of the deployed device, and whether the reference facts say
 * what that debugger reaches. Azure Sphere's `enableRTCoreDebugging` lets a debugger onto the real-time (M4) cores.
 * azure-sphere-facts.md names device capabilities only through appDevelopment (§3.2: development-signed images run only
 * with it; §3.5: cloud deployments require it to be absent); it gives no source for what a debugger attached through
 * enableRTCoreDebugging reaches: the real-time core's own memory only, or also the I/O blocks the firewall gives that
 * core, SRAM other cores map, or the real-time app's code after the boot chain checked it. So a verdict that rests on
 * the barriers around the real-time cores (compartmentalization), on every way an attacker gets in (defense in depth),
 * or on the code that runs being the code the boot chain verified and measured (hardware-root-of-trust: a debugger may
 * rewrite a real-time app after its checks, or load code no stage checked) is not decided on devices that carry it:
 * such a verdict is `unknown`, naming the capability, unless the design is violated on its own. A sourced account of the debugger's reach would let the rules count it instead (an attacker
 * entry at the real-time cores).
 *
 * Outside a development deployment only: development devices are the maker's own, on the bench, as for appDevelopment
 * (the hardware-root-of-trust rule no-app-development-in-production).
 */
import type { Deployment } from './deployment.js';

/**
 * Why a verdict that rests on what a debugger of the deployed devices reaches is not decided, or undefined when none is
 * attached. `undecided` names what the caller's verdict rests on (the barriers around the real-time cores by default).
 */
export function unsourcedDebugReach(deployment: Deployment, undecided = 'the barriers around the real-time cores are'): string | undefined {
  if (deployment.group.stage === 'development' || !deployment.deviceCapabilities.includes('enableRTCoreDebugging')) return undefined;
  return `the devices of the ${deployment.group.name} group (${deployment.group.stage}) carry enableRTCoreDebugging, which attaches a debugger to the real-time cores, and the reference facts (azure-sphere-facts.md) give no source for what that debugger reaches (the core's own memory only, or also the I/O blocks and SRAM the core maps, or the real-time apps' code after boot checked it), so ${undecided} not decided; remove the capability from devices outside development, or verify against a source for its reach`;
}
