import { describe, expect, it } from 'vitest';
import { displayPath } from '../../formats/diagnostics/display-path.js';

describe('displayPath', () => {
  it('shows a file inside the working directory relative to it', () => {
    expect(displayPath('/work/repo/products/x/sevenfold.json', '/work/repo')).toBe('products/x/sevenfold.json');
    expect(displayPath('/work/repo/..hidden/a.json', '/work/repo')).toBe('..hidden/a.json');
  });

  it('shows a file outside it as the absolute path, never as ../../ (was: ../../tmp/x/sevenfold.json)', () => {
    expect(displayPath('/tmp/x/sevenfold.json', '/work/repo')).toBe('/tmp/x/sevenfold.json');
    expect(displayPath('/work/other/sevenfold.json', '/work/repo')).toBe('/work/other/sevenfold.json');
    expect(displayPath('/work', '/work/repo')).toBe('/work');
  });

  it('leaves relative paths and the working directory itself as they are', () => {
    expect(displayPath('a/b.json', '/work/repo')).toBe('a/b.json');
    expect(displayPath('/work/repo', '/work/repo')).toBe('/work/repo');
  });
});
