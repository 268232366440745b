/**
 * The recovery rule, written once: a second way onto the device (recovery mode: on the MT3620, DEBUG_RTS held at reset
 * and an image set written over the recovery UART, azure-sphere-facts §3.4, `azsphere device recover`) must not let
 * a revoked release run again. The update client's path is held to the rollback rule (model/update/rollback.ts): each
 * stage refused below its counter. A recovery path that writes and boots an image set without comparing its security
 * versions with the counters boots the vendor's older, validly signed release for whoever holds the device, after
 * every newer release was installed: the revocation renewal promises is undone (the same requirement,
 * renewable-security.rollback-counter-per-stage).
 * The update design states it (recoveryFlashing): absent, the design states no recovery path besides its update
 * client (and the A/B fallback, slots.recovery); present with versionCheck 'anti-rollback', the path refuses an image
 * below its stage's counter; 'none', it does not (violated); present with versionCheck left out, whether it does is not
 * known (unknown, naming the field). The emulator's second reading is emulator/update/recovery-mode.ts, played by the
 * revocation rule's step 4 (properties/renewable-security/revocation.ts).
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { UpdateDesign } from './update-design.js';

export type RecoveryFlashingVerdict =
  | { verdict: 'no-path' }
  | { verdict: 'checked'; where: string }
  | { verdict: 'skips-check' | 'unstated'; where: string; problem: string };

export function judgeRecoveryFlashing(update: UpdateDesign, updateFile?: string): RecoveryFlashingVerdict {
  const recovery = update.recoveryFlashing;
  if (!recovery) return { verdict: 'no-path' };
  const file = updateFile ? displayPath(updateFile) : 'the update design';
  const where = `${file} /recoveryFlashing/versionCheck`;
  if (recovery.versionCheck === 'anti-rollback') return { verdict: 'checked', where };
  if (recovery.versionCheck === 'none') {
    return { verdict: 'skips-check', where, problem: `the recovery path writes and boots an image set without comparing its security versions with the anti-rollback counters: whoever holds the device puts the vendor's older, validly signed release back through recovery mode and it runs after every newer release was installed` };
  }
  return { verdict: 'unstated', where, problem: `the update design states a recovery path but not whether it compares an image's security version with its stage's anti-rollback counter (${where}): if it does not, whoever holds the device boots the vendor's older, validly signed release through recovery mode` };
}
