/**
 * Field-level edits inside the binary formats: the structure mutators edit a string field character by
 * character and the encoders write the enclosing length and signature again, so the edited value reaches the
 * checks behind them (a name with "..", a case flip, a separator), where byte havoc would break the frame.
 */
import { describe, expect, it } from 'vitest';
import { editBytes, editText } from '../../fuzz/core/field-edits.js';
import { Rng } from '../../fuzz/core/rng.js';
import { findTarget } from '../../fuzz/targets/registry.js';
import { debugNameOf, decodeImage, editSectionField, encodeImage } from '../../fuzz/targets/image/image-structure.js';
import { editCborString } from '../../fuzz/targets/attestation-messages.js';
import { parseUpdateMetadata } from '../../formats/update-metadata/metadata.js';
import { parseImagePackage } from '../../formats/image-package/index.js';
import { referenceSignatureValid } from '../../fuzz/targets/image/reference-reader.js';
import { labKeys } from '../../fuzz/targets/image/image-structure.js';

describe('text and byte edits', () => {
  it('each edit produces its shape: an inserted "..", a deleted and a duplicated character, a flipped case', () => {
    const rng = new Rng(7);
    expect(editText('image/os', rng, 'separator')).not.toBe('image/os');
    const shapes = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const t = editText('image/os', rng, 'separator');
      if (t.includes('..')) shapes.add('dotdot');
      if (t.includes('\\')) shapes.add('backslash');
      if (t.includes('\u0000')) shapes.add('nul');
      if (/[^\x00-\x7f]/.test(t)) shapes.add('unicode');
    }
    expect([...shapes].sort()).toEqual(['backslash', 'dotdot', 'nul', 'unicode']);
    expect(editText('abc', rng, 'delete').length).toBeLessThan(3);
    expect(editText('abc', rng, 'duplicate').length).toBeGreaterThan(3);
    expect(editText('abc', rng, 'case').toLowerCase()).toBe('abc');
    expect(editText('abc', rng, 'case')).not.toBe('abc');
    expect(editBytes(Uint8Array.of(0x61, 0x62), rng, 'case')).not.toEqual(Uint8Array.of(0x61, 0x62));
    const edged = Array.from({ length: 50 }, () => editText('hello', rng, 'edge'));
    expect(edged.every((t) => t.startsWith('hello') || t.endsWith('hello'))).toBe(true);
    expect(edged.some((t) => t !== t.trim())).toBe(true);
  });
});

describe('update metadata: a target name with an inserted ".."', () => {
  it('reaches the name check with its length prefix and signatures written again', () => {
    const target = findTarget('update-metadata')!;
    const seed = target.seeds()[0]!;
    const structure = target.structure.decode(seed.bytes) as { targets: { name: string }[] };
    const rng = new Rng(1);
    let found: { bytes: Uint8Array; name: string } | undefined;
    for (let i = 0; i < 3000 && !found; i++) {
      const m = target.structure.mutate(target.structure.clone(structure), rng, () => undefined) as { targets: { name: string }[] };
      const name = m.targets.find((t) => t.name.includes('..') && !/x{90}|\.\.\/key-store/.test(t.name))?.name;
      if (name) {
        // The edited name alone, in the seed's document (the mutant may have other edits stacked on it).
        const only = target.structure.clone(structure) as { targets: { name: string }[] };
        only.targets[0]!.name = name;
        found = { bytes: target.structure.encode(only as never), name };
      }
    }
    expect(found).toBeDefined();
    const parsed = parseUpdateMetadata(found!.bytes);
    // The name was read whole (its length byte is right), and rejected by the name rule.
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('BadTarget');
      expect(parsed.error.message).toContain(JSON.stringify(found!.name));
    }
  });
});

describe('image package: an edited Debug name', () => {
  it('is written back into its 32-byte field with the section size and signature fixed up', () => {
    const target = findTarget('image-package')!;
    const seeds = target.seeds().map((s) => decodeImage(s.bytes)).filter((s) => s?.signing === 'lab' && s.sections.some((x) => x.tag === 0x4244));
    expect(seeds.length).toBeGreaterThan(0);
    const rng = new Rng(3);
    let dotted: Uint8Array | undefined;
    for (let i = 0; i < 2000 && !dotted; i++) {
      const s = structuredClone(seeds[0]!);
      editSectionField(s, rng);
      const db = s.sections.find((x) => x.tag === 0x4244)!;
      if (new TextDecoder().decode(debugNameOf(db.data)).includes('..')) dotted = encodeImage(s);
    }
    expect(dotted).toBeDefined();
    expect(referenceSignatureValid(dotted!, labKeys().labPublic)).toBe(true);
    const parsed = parseImagePackage(dotted!);
    expect(parsed.ok).toBe(true);
  });
});

describe('attestation messages: an edited text or byte string', () => {
  it('changes one key or value and keeps the others in their order', () => {
    const rng = new Rng(5);
    const edited = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const m = new Map<unknown, unknown>([['t', 'hello'], ['v', 1], ['deviceId', new Uint8Array(64)]]);
      editCborString(m, rng);
      const keys = [...m.keys()];
      expect(keys.length).toBe(3);
      if (keys[0] !== 't') edited.add('key');
      if (m.get('t') !== undefined && m.get('t') !== 'hello') edited.add('text');
      const d = m.get('deviceId');
      if (d instanceof Uint8Array && d.length !== 64) edited.add('bytes');
    }
    expect([...edited].sort()).toEqual(['bytes', 'key', 'text']);
  });

  it('edits a text value (the message type) half the time, however many keys and byte strings the message holds', () => {
    // A server-hello: four keys of bytes and a chain of three certificates, one text value.
    const rng = new Rng(11);
    let typeEdited = 0;
    const runs = 400;
    for (let i = 0; i < runs; i++) {
      const chain = [new Uint8Array(40), new Uint8Array(41), new Uint8Array(42)];
      const m = new Map<unknown, unknown>([['t', 'server-hello'], ['v', 1], ['chain', chain], ['share', new Uint8Array(65)], ['session', new Uint8Array(16)], ['signature', new Uint8Array(64)]]);
      editCborString(m, rng);
      if (m.get('t') !== 'server-hello') typeEdited++;
    }
    // Half the picks go to the only text value, and some of the others too; a uniform pick over the 14 slots gives 1 in 14.
    expect(typeEdited / runs).toBeGreaterThan(0.4);
  });
});
