/**
 * Runs the part of a CMakeLists.txt that decides variables and branches: set/unset/option/project,
 * find_path, get_filename_component, include, and if/elseif/else/endif with CMake's condition rules
 * (cmake-commands(7) "if"). Other commands are skipped, except the ones the caller asks to see, which
 * are recorded with their arguments expanded and the conditions around them.
 *
 * Three-valued: a condition that needs a variable nobody defined through ${...} (a value the build
 * passes in, like ${PRODUCT}) is "unknown" rather than false, and so is everything set inside it.
 * A bare name in a condition (if(AVNET)) follows CMake: undefined is false.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseCmake, type CmakeArgument, type CmakeCommand } from './cmake-script.js';
import { isDirectory, isFile, readTextFile } from './file-probe.js';

export type Truth = 'true' | 'false' | 'unknown';

export interface CmakeValue {
  value: string;
  /** Set inside a branch whose condition is unknown: the value may or may not hold. */
  unknown?: boolean;
  /** Given by the user (--define): set() in the file does not override it. */
  fromUser?: boolean;
}

/** One branch around a recorded command: the condition text and how it evaluated. */
export interface CmakeCondition {
  /** As written: "if(AVNET)", "else() of if(AVNET)", "elseif(SEEED) of if(AVNET)". */
  text: string;
  truth: Truth;
  /** Variables the condition tested that nobody defined (for "--define NAME" advice). */
  undefinedNames: string[];
  file: string;
  line: number;
}

export interface RecordedCommand {
  command: CmakeCommand;
  file: string;
  /** Arguments after ${} expansion and list splitting (quoted arguments stay whole). */
  args: string[];
  /** Variables used through ${...} in the arguments that nobody defined. */
  undefinedVariables: string[];
  /** True when an argument used a value set under an unknown condition. */
  uncertain: boolean;
  /** Every enclosing branch, outermost first. */
  conditions: CmakeCondition[];
  /** Whether the command runs: the conditions together. */
  truth: Truth;
}

export interface CmakeProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface CmakeRun {
  recorded: RecordedCommand[];
  problems: CmakeProblem[];
  variables: ReadonlyMap<string, CmakeValue>;
}

export interface CmakeRunOptions {
  /** Commands to record (lower case). */
  record: readonly string[];
  /** Variables given by the user, like cmake -D; they win over set() in the file. */
  defines?: ReadonlyMap<string, string>;
  /** Reads an included file; the default reads from disk. */
  readFile?: (path: string) => string | undefined;
}

const MAX_INCLUDE_DEPTH = 8;
const MAX_COMMANDS = 100_000;

interface Frame {
  opener: string;
  /** The if(...) that opened the block, for naming its else branches. */
  ifText?: string;
  /** For if-blocks: whether an earlier branch was taken (true/unknown), to decide elseif/else. */
  taken: Truth;
  current: CmakeCondition;
  /** Blocks skipped entirely (function and macro bodies). */
  skip?: boolean;
}

export function runCmake(file: string, text: string, options: CmakeRunOptions): CmakeRun {
  const sourceDir = dirname(file);
  const variables = new Map<string, CmakeValue>();
  for (const name of ['CMAKE_SOURCE_DIR', 'CMAKE_CURRENT_SOURCE_DIR', 'CMAKE_CURRENT_LIST_DIR', 'PROJECT_SOURCE_DIR']) variables.set(name, { value: sourceDir });
  for (const [name, value] of options.defines ?? []) variables.set(name, { value, fromUser: true });
  const run: CmakeRun = { recorded: [], problems: [], variables };
  const readFile = options.readFile ?? readTextFile;
  const state = { commands: 0 };
  execute(file, text, 0, options, run, variables, readFile, state);
  return run;
}

function execute(
  file: string,
  text: string,
  depth: number,
  options: CmakeRunOptions,
  run: CmakeRun,
  variables: Map<string, CmakeValue>,
  readFile: (path: string) => string | undefined,
  state: { commands: number },
): void {
  const parsed = parseCmake(text);
  if (!parsed.ok) run.problems.push({ file, line: parsed.line, column: parsed.column, message: parsed.message });
  const stack: Frame[] = [];
  // Relative paths in find_path, include and get_filename_component are taken from the current source
  // directory (the project's), not from the directory of an included file.
  const listDir = variables.get('CMAKE_CURRENT_SOURCE_DIR')?.value ?? dirname(file);
  const effective = (): Truth => and(stack.filter((f) => !f.skip).map((f) => f.current.truth));
  const skipping = () => stack.some((f) => f.skip);

  for (const command of parsed.commands) {
    if (++state.commands > MAX_COMMANDS) {
      run.problems.push({ file, line: command.line, column: command.column, message: `more than ${MAX_COMMANDS} commands; the rest is not read` });
      return;
    }
    const name = command.name;
    if (skipping()) {
      if (name === 'function' || name === 'macro') stack.push({ opener: name, taken: 'false', current: never(file, command), skip: true });
      else if ((name === 'endfunction' || name === 'endmacro') && stack.length > 0) stack.pop();
      continue;
    }
    const expand = (args: readonly CmakeArgument[]) => expandArguments(args, variables);
    switch (name) {
      case 'if': {
        const condition = evaluateCondition(command, variables, `if(${command.source})`, file);
        stack.push({ opener: 'if', ifText: condition.text, taken: condition.truth, current: condition });
        continue;
      }
      case 'elseif':
      case 'else': {
        const frame = stack.at(-1);
        if (!frame || frame.opener !== 'if') {
          run.problems.push({ file, line: command.line, column: command.column, message: `${name}() without if()` });
          continue;
        }
        const opener = frame.ifText ?? 'if()';
        const own: CmakeCondition =
          name === 'else'
            ? { text: `else() of ${opener}`, truth: 'true', undefinedNames: [], file, line: command.line }
            : evaluateCondition(command, variables, `elseif(${command.source}) of ${opener}`, file);
        // This branch runs when no earlier branch did, and its own condition holds.
        const truth = and([not(frame.taken), own.truth]);
        frame.current = { ...own, truth, undefinedNames: [...frame.current.undefinedNames, ...own.undefinedNames] };
        frame.taken = or([frame.taken, own.truth]);
        continue;
      }
      case 'endif':
      case 'endforeach':
      case 'endwhile':
        if (stack.length > 0) stack.pop();
        continue;
      case 'foreach':
      case 'while':
        // How often the body runs is not evaluated: what it sets is uncertain.
        stack.push({ opener: name, taken: 'unknown', current: { text: `${name}(${command.source})`, truth: 'unknown', undefinedNames: [], file, line: command.line } });
        continue;
      case 'function':
      case 'macro':
        stack.push({ opener: name, taken: 'false', current: never(file, command), skip: true });
        continue;
    }

    const truth = effective();
    if (options.record.includes(name)) {
      const expanded = expand(command.args);
      run.recorded.push({ command, file, args: expanded.values, undefinedVariables: expanded.undefinedNames, uncertain: expanded.uncertain, conditions: stack.map((f) => f.current), truth });
    }
    if (truth === 'false') continue;
    const assign = (variable: string, value: string, uncertain = false) => {
      if (variables.get(variable)?.fromUser) return;
      variables.set(variable, { value, ...(truth === 'unknown' || uncertain ? { unknown: true } : {}) });
    };
    switch (name) {
      case 'set': {
        const expanded = expand(command.args);
        const [variable, ...rest] = expanded.values;
        if (!variable) break;
        const cache = rest.indexOf('CACHE');
        const values = cache >= 0 ? rest.slice(0, cache) : rest.filter((v) => v !== 'PARENT_SCOPE');
        // A cache entry does not replace a value already set (e.g. by -D).
        if (cache >= 0 && variables.has(variable)) break;
        if (values.length === 0) {
          if (!variables.get(variable)?.fromUser) variables.delete(variable);
        } else assign(variable, values.join(';'), expanded.uncertain);
        break;
      }
      case 'unset': {
        const [variable] = expand(command.args).values;
        if (variable && !variables.get(variable)?.fromUser) variables.delete(variable);
        break;
      }
      case 'option': {
        const [variable, , initial] = expand(command.args).values;
        if (variable && !variables.has(variable)) assign(variable, initial ?? 'OFF');
        break;
      }
      case 'project': {
        const [projectName] = expand(command.args).values;
        if (projectName) assign('PROJECT_NAME', projectName);
        break;
      }
      case 'find_path': {
        const found = findPath(expand(command.args).values, listDir);
        if (found) assign(found.variable, found.value);
        break;
      }
      case 'get_filename_component': {
        const expanded = expand(command.args);
        const [variable, path, mode, ...rest] = expanded.values;
        if (!variable || path === undefined) break;
        const base = rest[0] === 'BASE_DIR' && rest[1] ? rest[1] : listDir;
        if (mode === 'ABSOLUTE' || mode === 'REALPATH') assign(variable, isAbsolute(path) ? path : resolve(base, path), expanded.uncertain);
        else if (mode === 'DIRECTORY' || mode === 'PATH') assign(variable, dirname(path), expanded.uncertain);
        break;
      }
      case 'include': {
        const [included] = expand(command.args).values;
        if (!included || depth >= MAX_INCLUDE_DEPTH) break;
        const path = isAbsolute(included) ? included : resolve(listDir, included);
        const content = readFile(path);
        // Modules by name (include(CTest)) are not files beside the project: nothing to read.
        if (content !== undefined) {
          const listDirBefore = variables.get('CMAKE_CURRENT_LIST_DIR');
          variables.set('CMAKE_CURRENT_LIST_DIR', { value: dirname(path) });
          execute(path, content, depth + 1, options, run, variables, readFile, state);
          if (listDirBefore) variables.set('CMAKE_CURRENT_LIST_DIR', listDirBefore);
        }
        break;
      }
    }
  }
}

function never(file: string, command: CmakeCommand): CmakeCondition {
  return { text: `${command.name}(${command.source})`, truth: 'false', undefinedNames: [], file, line: command.line };
}

// ---------------------------------------------------------------------------------------------
// Expansion

interface Expanded {
  values: string[];
  undefinedNames: string[];
  uncertain: boolean;
}

/** ${NAME} references, innermost first; $ENV{NAME} is never read (the lint must not depend on the environment). */
export function expandText(text: string, variables: ReadonlyMap<string, CmakeValue>, undefinedNames: string[], uncertainty: { uncertain: boolean }): string {
  let out = text;
  for (let guard = 0; guard < 100; guard++) {
    const match = /\$(ENV|CACHE)?\{([^${}]*)\}/.exec(out);
    if (!match) break;
    const [whole, scope, name] = match;
    let value = '';
    if (scope === 'ENV') undefinedNames.push(`ENV{${name}}`);
    else {
      const entry = variables.get(name!);
      if (entry === undefined) undefinedNames.push(name!);
      else {
        value = entry.value;
        if (entry.unknown) uncertainty.uncertain = true;
      }
    }
    out = out.slice(0, match.index) + value + out.slice(match.index + whole!.length);
  }
  return out;
}

function expandArguments(args: readonly CmakeArgument[], variables: ReadonlyMap<string, CmakeValue>): Expanded {
  const undefinedNames: string[] = [];
  const uncertainty = { uncertain: false };
  const values: string[] = [];
  for (const arg of args) {
    if (arg.kind === 'bracket') values.push(arg.text);
    else if (arg.kind === 'quoted') values.push(expandText(arg.text, variables, undefinedNames, uncertainty));
    else {
      // An unquoted argument is a list: it splits on ";" and an empty expansion gives no argument.
      const expanded = expandText(arg.text, variables, undefinedNames, uncertainty);
      for (const part of expanded.split(/(?<!\\);/)) if (part !== '') values.push(part.replace(/\\;/g, ';'));
    }
  }
  return { values, undefinedNames, uncertain: uncertainty.uncertain };
}

// ---------------------------------------------------------------------------------------------
// find_path(<VAR> NAMES n1 [n2 ...] PATHS p1 [p2 ...] ...) and find_path(<VAR> name [path1 ...])

const FIND_KEYWORDS = new Set(['NAMES', 'HINTS', 'PATHS', 'PATH_SUFFIXES', 'DOC', 'NO_DEFAULT_PATH', 'NO_CMAKE_FIND_ROOT_PATH', 'NO_CACHE', 'REQUIRED', 'NO_PACKAGE_ROOT_PATH', 'NO_CMAKE_PATH', 'NO_CMAKE_ENVIRONMENT_PATH', 'NO_SYSTEM_ENVIRONMENT_PATH', 'NO_CMAKE_SYSTEM_PATH', 'CMAKE_FIND_ROOT_PATH_BOTH', 'ONLY_CMAKE_FIND_ROOT_PATH', 'ENV']);

function findPath(args: string[], baseDir: string): { variable: string; value: string } | undefined {
  const [variable, ...rest] = args;
  if (!variable) return undefined;
  const names: string[] = [];
  const paths: string[] = [];
  let section: 'NAMES' | 'PATHS' | 'OTHER' = 'NAMES';
  let short = rest[0] !== undefined && !FIND_KEYWORDS.has(rest[0]);
  for (const [i, arg] of rest.entries()) {
    if (FIND_KEYWORDS.has(arg)) {
      short = false;
      section = arg === 'NAMES' ? 'NAMES' : arg === 'HINTS' || arg === 'PATHS' ? 'PATHS' : 'OTHER';
      continue;
    }
    if (short) (i === 0 ? names : paths).push(arg);
    else if (section === 'NAMES') names.push(arg);
    else if (section === 'PATHS') paths.push(arg);
  }
  for (const dir of paths) {
    const full = isAbsolute(dir) ? dir : resolve(baseDir, dir);
    if (names.some((n) => isFile(resolve(full, n)))) return { variable, value: full };
  }
  return { variable, value: `${variable}-NOTFOUND` };
}

// ---------------------------------------------------------------------------------------------
// Conditions (cmake-commands(7) "if"): parentheses, unary tests, binary tests, NOT, AND, OR.

const TRUE_CONSTANTS = new Set(['1', 'ON', 'YES', 'TRUE', 'Y']);
const FALSE_CONSTANTS = new Set(['0', 'OFF', 'NO', 'FALSE', 'N', 'IGNORE', 'NOTFOUND', '']);
const UNARY = new Set(['EXISTS', 'COMMAND', 'DEFINED', 'IS_DIRECTORY', 'IS_ABSOLUTE', 'IS_SYMLINK', 'TARGET', 'POLICY', 'TEST', 'IS_READABLE', 'IS_WRITABLE', 'IS_EXECUTABLE']);
const BINARY = new Set(['EQUAL', 'LESS', 'GREATER', 'LESS_EQUAL', 'GREATER_EQUAL', 'STREQUAL', 'STRLESS', 'STRGREATER', 'STRLESS_EQUAL', 'STRGREATER_EQUAL', 'MATCHES', 'VERSION_EQUAL', 'VERSION_LESS', 'VERSION_GREATER', 'VERSION_LESS_EQUAL', 'VERSION_GREATER_EQUAL', 'IN_LIST', 'IS_NEWER_THAN', 'PATH_EQUAL']);

interface Token {
  text: string;
  quoted: boolean;
  /** The argument was an empty or undefined ${} expansion: its value is unknown to us. */
  unknown: boolean;
}

function evaluateCondition(command: CmakeCommand, variables: ReadonlyMap<string, CmakeValue>, text: string, file: string): CmakeCondition {
  const undefinedNames: string[] = [];
  const tokens: Token[] = [];
  let unknownExpansion = false;
  for (const arg of command.args) {
    if (arg.kind === 'bracket') {
      tokens.push({ text: arg.text, quoted: true, unknown: false });
      continue;
    }
    const missing: string[] = [];
    const uncertainty = { uncertain: false };
    const value = expandText(arg.text, variables, missing, uncertainty);
    undefinedNames.push(...missing);
    const unknown = missing.length > 0 || uncertainty.uncertain;
    if (unknown) unknownExpansion = true;
    // CMake drops an unquoted argument that expands to nothing; one that is empty because a variable is
    // undefined stays here as an unknown operand, so that if(${PRODUCT} STREQUAL "x") reads as intended.
    if (arg.kind === 'unquoted' && value === '' && arg.text !== '' && !unknown) continue;
    tokens.push({ text: value, quoted: arg.kind === 'quoted' || arg.text.includes('${'), unknown });
  }
  let truth: Truth;
  try {
    truth = new ConditionParser(tokens, variables, undefinedNames).parse();
  } catch {
    truth = 'unknown';
  }
  // A condition that needed a ${} value nobody gave cannot be decided here (CMake would see ""),
  // unless it came out the same either way.
  if (unknownExpansion && truth !== 'unknown') truth = 'unknown';
  return { text, truth, undefinedNames: [...new Set(undefinedNames)], file, line: command.line };
}

class ConditionParser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly variables: ReadonlyMap<string, CmakeValue>,
    private readonly undefinedNames: string[],
  ) {}

  parse(): Truth {
    if (this.tokens.length === 0) return 'false';
    const result = this.or();
    if (this.i < this.tokens.length) throw new Error('trailing tokens');
    return result;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private or(): Truth {
    const parts = [this.and()];
    while (this.peek()?.text === 'OR' && !this.peek()!.quoted) {
      this.i++;
      parts.push(this.and());
    }
    return or(parts);
  }

  private and(): Truth {
    const parts = [this.not()];
    while (this.peek()?.text === 'AND' && !this.peek()!.quoted) {
      this.i++;
      parts.push(this.not());
    }
    return and(parts);
  }

  private not(): Truth {
    if (this.peek()?.text === 'NOT' && !this.peek()!.quoted) {
      this.i++;
      return not(this.not());
    }
    return this.comparison();
  }

  private comparison(): Truth {
    const token = this.peek();
    if (!token) throw new Error('missing operand');
    if (token.text === '(' && !token.quoted) {
      this.i++;
      const inner = this.or();
      if (this.peek()?.text !== ')') throw new Error('unbalanced');
      this.i++;
      return inner;
    }
    if (UNARY.has(token.text) && !token.quoted) {
      this.i++;
      const operand = this.tokens[this.i++];
      if (!operand) throw new Error('missing operand');
      return this.unary(token.text, operand);
    }
    this.i++;
    const next = this.peek();
    if (next && BINARY.has(next.text) && !next.quoted) {
      this.i++;
      const right = this.tokens[this.i++];
      if (!right) throw new Error('missing operand');
      return this.binary(token, next.text, right);
    }
    return this.constant(token);
  }

  private value(token: Token): string | undefined {
    if (token.unknown) return undefined;
    if (token.quoted) return token.text;
    const entry = this.variables.get(token.text);
    if (entry?.unknown) return undefined;
    return entry ? entry.value : token.text;
  }

  private unary(op: string, operand: Token): Truth {
    if (op === 'DEFINED') {
      const entry = this.variables.get(operand.text);
      if (!entry) this.undefinedNames.push(operand.text);
      return entry ? (entry.unknown ? 'unknown' : 'true') : 'false';
    }
    if (op === 'EXISTS' || op === 'IS_DIRECTORY') {
      if (operand.unknown) return 'unknown';
      const path = operand.text;
      if (!isAbsolute(path)) return 'false';
      return op === 'EXISTS' ? (existsSync(path) ? 'true' : 'false') : isDirectory(path) ? 'true' : 'false';
    }
    if (op === 'IS_ABSOLUTE') return operand.unknown ? 'unknown' : isAbsolute(operand.text) ? 'true' : 'false';
    // COMMAND, TARGET, POLICY, ...: about the build system, not the files.
    return 'unknown';
  }

  private binary(left: Token, op: string, right: Token): Truth {
    const a = this.value(left);
    const b = this.value(right);
    if (a === undefined || b === undefined) return 'unknown';
    switch (op) {
      case 'STREQUAL':
        return a === b ? 'true' : 'false';
      case 'EQUAL':
      case 'LESS':
      case 'GREATER':
      case 'LESS_EQUAL':
      case 'GREATER_EQUAL': {
        const x = Number(a);
        const y = Number(b);
        if (!Number.isFinite(x) || !Number.isFinite(y)) return 'false';
        const r = op === 'EQUAL' ? x === y : op === 'LESS' ? x < y : op === 'GREATER' ? x > y : op === 'LESS_EQUAL' ? x <= y : x >= y;
        return r ? 'true' : 'false';
      }
      case 'STRLESS':
        return a < b ? 'true' : 'false';
      case 'STRGREATER':
        return a > b ? 'true' : 'false';
      case 'IN_LIST': {
        const list = this.variables.get(right.text);
        if (list?.unknown) return 'unknown';
        return (list?.value ?? '').split(';').includes(a) ? 'true' : 'false';
      }
      case 'MATCHES':
        try {
          return new RegExp(b).test(a) ? 'true' : 'false';
        } catch {
          return 'unknown';
        }
      default:
        return 'unknown';
    }
  }

  private constant(token: Token): Truth {
    if (token.unknown) return 'unknown';
    const upper = token.text.toUpperCase();
    if (TRUE_CONSTANTS.has(upper) || (/^-?\d+(\.\d+)?$/.test(token.text) && Number(token.text) !== 0)) return 'true';
    if (FALSE_CONSTANTS.has(upper) || upper.endsWith('-NOTFOUND')) return 'false';
    if (token.quoted) return 'false';
    // A name: true when it is a variable whose value is not a false constant.
    const entry = this.variables.get(token.text);
    if (!entry) {
      this.undefinedNames.push(token.text);
      return 'false';
    }
    if (entry.unknown) return 'unknown';
    const v = entry.value.toUpperCase();
    return FALSE_CONSTANTS.has(v) || v.endsWith('-NOTFOUND') ? 'false' : 'true';
  }
}

// Kleene three-valued logic.
export function and(values: readonly Truth[]): Truth {
  if (values.includes('false')) return 'false';
  return values.includes('unknown') ? 'unknown' : 'true';
}

export function or(values: readonly Truth[]): Truth {
  if (values.includes('true')) return 'true';
  return values.includes('unknown') ? 'unknown' : 'false';
}

export function not(value: Truth): Truth {
  return value === 'true' ? 'false' : value === 'false' ? 'true' : 'unknown';
}
