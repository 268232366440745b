/**
 * `--product .` or `--product products/rover` is what people type: a folder stands for the sevenfold.json in it
 * (as no --product stands for ./sevenfold.json), for every command that takes a product (was: "is a directory,
 * not a file", exit 2). A folder without one is still an input error naming the folder.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';
import { blinkyAndDimmer, writeProduct } from './product-folder.js';

const t = tempDir();
afterAll(() => t.cleanup());
writeProduct(t, 'rover', blinkyAndDimmer());
t.write('empty/readme.txt', 'nothing here');

describe('--product <folder>', () => {
  it('verify reads the sevenfold.json in the folder, from inside it and from outside', async () => {
    const inside = await runCliInProcess(['verify', '--product', '.', '--property', 'small-tcb', '--seed', '1'], join(t.dir, 'rover'));
    expect(inside.stderr).toBe('');
    expect(inside.code).toBe(0);
    expect(inside.stdout).toMatch(/^ {2}file: \S*rover\/sevenfold\.json$/m);
    const outside = await runCliInProcess(['verify', '--product', 'rover', '--property', 'small-tcb', '--seed', '1'], t.dir);
    expect(outside.code).toBe(0);
    expect(outside.stdout).toMatch(/^ {2}file: \S*rover\/sevenfold\.json$/m);
  });

  it('query reach and diff take folders too', async () => {
    const reach = await runCliInProcess(['query', 'reach', '--product', 'rover', '--from', 'Blinky', '--to', 'Gpio:16'], t.dir);
    expect(reach.code).toBe(1);
    const diff = await runCliInProcess(['diff', 'rover', 'rover'], t.dir);
    expect(diff.code).toBe(0);
  });

  it('a folder without sevenfold.json is an input error naming it (exit 2)', async () => {
    const r = await runCliInProcess(['verify', '--product', 'empty', '--property', 'small-tcb'], t.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty:1:1: error \S+ NotAFile: is a directory, not a file/);
  });
});
