import { describe, expect, it } from 'vitest';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { tempDir } from '../helpers.js';

const builtin = (): PlatformDesign => structuredClone(loadPlatform(builtinPlatformFile()).design!);

describe('platform design: exploit exceptions', () => {
  it('loads an exception with its justification', () => {
    const t = tempDir();
    try {
      const d = builtin();
      d.exploitExceptions = [{ component: 'pluton-rom', input: 'flash', justification: 'the ROM hashes the whole image before it reads any field' }];
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.diagnostics).toEqual([]);
      expect(loaded.design?.exploitExceptions?.[0]?.component).toBe('pluton-rom');
    } finally {
      t.cleanup();
    }
  });

  it.each([
    [{ component: 'pluton-rom', input: 'flash', justification: 'because' }, 'PlatformInvalid', '/exploitExceptions/0/justification'],
    [{ component: 'pluton-rom', input: 'flash' }, 'PlatformInvalid', '/exploitExceptions/0'],
    [{ component: 'pluton-rom', input: 'usb', justification: 'no USB stack in the ROM at all' }, 'PlatformInvalid', '/exploitExceptions/0/input'],
    [{ component: 'pluton-rum', input: 'flash', justification: 'the ROM hashes the whole image first' }, 'PlatformUnknownReference', '/exploitExceptions/0/component'],
  ])('rejects %j with a located error', (exception, name, pointer) => {
    const t = tempDir();
    try {
      const d = builtin() as unknown as Record<string, unknown>;
      d['exploitExceptions'] = [exception];
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics[0]).toMatchObject({ name, pointer });
      expect(loaded.diagnostics[0]!.position.line).toBeGreaterThan(1);
    } finally {
      t.cleanup();
    }
  });

  it('rejects two exceptions for the same component and input', () => {
    const t = tempDir();
    try {
      const d = builtin();
      const e = { component: 'pluton-rom', input: 'flash' as const, justification: 'the ROM hashes the whole image first' };
      d.exploitExceptions = [e, e];
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.diagnostics[0]).toMatchObject({ pointer: '/exploitExceptions/1' });
      expect(loaded.diagnostics[0]!.message).toContain('already has an exception for flash input at /exploitExceptions/0');
    } finally {
      t.cleanup();
    }
  });
});
