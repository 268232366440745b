/**
 * Where the images live on the counted flash. A bank is a complete set of boot slots (key store, stage
 * images, boot manifests) under bank/<id>/<slot>. With the 'ab' layout there are two banks and a
 * boot-control record (a DoubleRecord) naming the active one; an update stages into the other bank and
 * switches only when it is complete and verified. With 'single' there is one bank and an update
 * overwrites it in place. At boot the flash controller maps the chosen bank onto the addresses the
 * boot ROM reads (emulator/boot's slot names): that mapping is bankView().
 */
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { CountedFlash } from './counted-flash.js';
import { DoubleRecord } from './record.js';
import { sha256Hex } from './slots.js';

export type BankId = 'a' | 'b';

export interface BootControl {
  active: BankId;
}

const prefix = (bank: BankId) => `bank/${bank}/`;

export class Banks {
  readonly control: DoubleRecord<BootControl>;

  constructor(
    private readonly flash: CountedFlash,
    readonly design: UpdateDesign,
  ) {
    this.control = new DoubleRecord(flash, 'boot-control');
  }

  get ids(): BankId[] {
    return this.design.slots.layout === 'ab' ? ['a', 'b'] : ['a'];
  }

  active(): BankId {
    const stored = this.control.read()?.value.active;
    return stored && this.ids.includes(stored) ? stored : 'a';
  }

  /** The bank an update stages into: the inactive one, or the only one. */
  stagingBank(): BankId {
    return this.design.slots.layout === 'ab' ? this.other(this.active()) : 'a';
  }

  other(bank: BankId): BankId {
    return bank === 'a' ? 'b' : 'a';
  }

  /** Banks to try at boot, in order: the active one, then (with a recovery path) the other. */
  bootOrder(): BankId[] {
    const active = this.active();
    return this.design.slots.layout === 'ab' && this.design.slots.recovery === 'other-bank' ? [active, this.other(active)] : [active];
  }

  read(bank: BankId, slot: string): Uint8Array | undefined {
    return this.flash.read(prefix(bank) + slot);
  }

  /** SHA-256 (hex) of what the slot holds, undefined when it is erased: worked out once per distinct contents (CountedFlash.derive). */
  digest(bank: BankId, slot: string): string | undefined {
    return this.flash.derive(prefix(bank) + slot, sha256Hex);
  }

  /** Every slot of the bank, as the boot ROM will see it once mapped. */
  bankView(bank: BankId): Map<string, Uint8Array> {
    return new Map(this.flash.areas(prefix(bank)).map((area) => [area.slice(prefix(bank).length), this.flash.read(area)!]));
  }

  /** Erase the slot and program `bytes` block by block (one counted operation per block). */
  write(bank: BankId, slot: string, bytes: Uint8Array, by: string): void {
    this.flash.rewrite(prefix(bank) + slot, bytes, this.design.slots.writeBlockBytes, by);
  }

  /** Switch the boot-control record (two counted operations: erase and program one copy). */
  setActive(bank: BankId, by: string): void {
    this.control.write({ active: bank }, by);
  }
}
