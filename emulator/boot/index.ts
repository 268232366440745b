/** The boot emulator: Pluton, eFuses, flash, the factory, the boot walker, attacks and the fault sweep. See README.md. */
export { BusLog, type BusChannel, type BusEvent } from './bus.js';
export { HmacDrbg } from './drbg.js';
export { COUNTER_FUSES, EFuses, type CounterRaiseResult, type FuseWriteResult } from './efuses.js';
export { Pluton, quoteMessage, type Quote } from './pluton.js';
export { Flash, assetSlot, imageSlot, manifestSlot, KEY_STORE_SLOT } from './flash.js';
export { CrossCheckedVerifier, NodeP256Verifier, type SignatureVerifier } from './p256-verifier.js';
export { parseKeyCertificate, type KeyCertificate } from './key-certificate.js';
export { KeyStore } from './key-store.js';
export { Vendor, CURRENT_RELEASE, type Release } from './vendor.js';
export { BootDevice, provisionDevice } from './device.js';
export { bootDevice, type BootOptions } from './boot.js';
export { formatTrace, rollbackCheckId, type BootTrace, type StageTrace, type CheckTrace } from './trace.js';
export { ATTACK_KINDS, Attacker, flipByte, type AttackKind, type AttackPlan } from './attacks.js';
export { BootLab, type BootRun } from './lab.js';
export { skippableChecks, sweepSingleFaults, type FaultCase, type FaultSweepOptions, type FaultSweepResult, type SkippableCheck } from './fault-sweep.js';
