/**
 * The CMake reader on its own: syntax with positions, variable expansion, and if() conditions with
 * CMake's rules, three-valued where lint cannot know a value.
 */
import { describe, expect, test } from 'vitest';
import { runCmake, type Truth } from '../../model/lint/cmake/cmake-evaluate.js';
import { parseCmake } from '../../model/lint/cmake/cmake-script.js';

const FILE = '/project/CMakeLists.txt';

/** The truth of the one recorded mark() call after the given script. */
function truthOf(script: string, defines: Record<string, string> = {}): Truth {
  const run = runCmake(FILE, script, { record: ['mark'], defines: new Map(Object.entries(defines)) });
  return run.recorded[0]!.truth;
}

const cond = (condition: string, setup = '', defines: Record<string, string> = {}) => truthOf(`${setup}\nif(${condition})\n  mark()\nendif()`, defines);

describe('syntax', () => {
  test('commands, arguments and positions', () => {
    const parsed = parseCmake('# comment\nset(A "x y" b\n  [[raw ${A}]])\n  FOO( )');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.commands.map((c) => [c.name, c.line, c.column])).toEqual([
      ['set', 2, 1],
      ['foo', 4, 3],
    ]);
    expect(parsed.commands[0]!.args.map((a) => [a.text, a.kind, a.line, a.column])).toEqual([
      ['A', 'unquoted', 2, 5],
      ['x y', 'quoted', 2, 7],
      ['b', 'unquoted', 2, 13],
      ['raw ${A}', 'bracket', 3, 3],
    ]);
  });

  test('escapes, line continuations and bracket comments', () => {
    const parsed = parseCmake('#[==[ set(IGNORED 1) ]==]\nset(A "a\\"b\\\nc\\td")');
    expect(parsed.ok && parsed.commands.map((c) => c.name)).toEqual(['set']);
    expect(parsed.ok && parsed.commands[0]!.args[1]!.text).toBe('a"bc\td');
  });

  test.each([
    ['set(A "never closed)', 1, 7, /unterminated quoted/],
    ['set(A b\n', 1, 4, /never closed/],
    ['set(A) ) ', 1, 8, /unexpected/],
    ['#[[ open comment', 1, 4, /unterminated bracket comment/],
  ])('%j is a located parse error', (text, line, column, message) => {
    const parsed = parseCmake(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect([parsed.line, parsed.column]).toEqual([line, column]);
    expect(parsed.message).toMatch(message);
  });
});

describe('variables', () => {
  test('set, nested references, lists, CMAKE_SOURCE_DIR and user defines', () => {
    const run = runCmake(FILE, 'set(B board)\nset(NAME_board a;b)\nset(X ${NAME_${B}} "${CMAKE_SOURCE_DIR}/hw")\nset(USER mine)\nmark(${X})', {
      record: ['mark'],
      defines: new Map([['USER', 'given']]),
    });
    expect(run.recorded[0]!.args).toEqual(['a', 'b', '/project/hw']);
    expect(run.variables.get('USER')!.value).toBe('given');
  });

  test('undefined references are listed; $ENV{} is never read', () => {
    const run = runCmake(FILE, 'mark("${NOPE}/x" $ENV{HOME})', { record: ['mark'] });
    expect(run.recorded[0]!.undefinedVariables).toEqual(['NOPE', 'ENV{HOME}']);
    expect(run.recorded[0]!.args).toEqual(['/x']);
  });

  test('a CACHE set does not replace a value already there; option() only sets a default', () => {
    const run = runCmake(FILE, 'set(A 1)\nset(A 2 CACHE STRING "doc")\noption(B "doc" ON)\noption(A "doc" OFF)', { record: [] });
    expect(run.variables.get('A')!.value).toBe('1');
    expect(run.variables.get('B')!.value).toBe('ON');
  });

  test('what a function body sets is not run', () => {
    const run = runCmake(FILE, 'function(f)\n  set(A 1)\n  if(X)\n  endif()\nendfunction()\nmark(${A})', { record: ['mark'] });
    expect(run.recorded[0]!.args).toEqual([]);
  });
});

describe('conditions', () => {
  test.each<[string, string, Truth]>([
    ['A', 'set(A TRUE "doc text")', 'true'],
    ['A', '', 'false'],
    ['A', 'set(A OFF)', 'false'],
    ['A', 'set(A x-NOTFOUND)', 'false'],
    ['NOT A', '', 'true'],
    ['A OR B', 'set(B 1)', 'true'],
    ['A AND B', 'set(B 1)', 'false'],
    ['(A OR B) AND NOT C', 'set(A 1)', 'true'],
    ['ON', '', 'true'],
    ['0', '', 'false'],
    ['"A"', 'set(A 1)', 'false'],
    ['V STREQUAL "x"', 'set(V x)', 'true'],
    ['${V} STREQUAL "x"', 'set(V y)', 'false'],
    ['${P} STREQUAL "x"', '', 'unknown'],
    ['DEFINED P', '', 'false'],
    ['DEFINED V', 'set(V 1)', 'true'],
    ['N EQUAL 2', 'set(N 2)', 'true'],
    ['N GREATER 1', 'set(N 0)', 'false'],
    ['COMMAND foo', '', 'unknown'],
  ])('if(%s) after %j is %s', (condition, setup, truth) => {
    expect(cond(condition, setup)).toBe(truth);
  });

  test('elseif and else follow the branches before them', () => {
    const script = 'if(A)\n  mark(a)\nelseif(B)\n  mark(b)\nelse()\n  mark(c)\nendif()';
    const truths = (defines: Record<string, string>) => runCmake(FILE, script, { record: ['mark'], defines: new Map(Object.entries(defines)) }).recorded.map((r) => r.truth);
    expect(truths({ A: '1' })).toEqual(['true', 'false', 'false']);
    expect(truths({ B: '1' })).toEqual(['false', 'true', 'false']);
    expect(truths({})).toEqual(['false', 'false', 'true']);
  });

  test('a value set under an unknown condition is itself unknown', () => {
    expect(cond('HW', 'if(${P} STREQUAL x)\n  set(HW 1)\nendif()')).toBe('unknown');
  });

  test('a user define wins over set() in the file', () => {
    expect(cond('A', 'set(A TRUE)', { A: 'OFF' })).toBe('false');
  });
});
