/**
 * The CMake language, as far as reading a CMakeLists.txt needs it: command invocations with quoted,
 * unquoted and bracket arguments, line and bracket comments, each command and argument with its
 * line:column (cmake-language(7), "Syntax"). Variable references are left in the text; the evaluator
 * (cmake-evaluate.ts) expands them. Nothing here knows about Azure Sphere.
 */
import { LineIndex } from '../../../formats/json/source-text.js';

export interface CmakeArgument {
  /** The argument as written, escapes resolved (quoted) or kept (unquoted), without quotes or brackets. */
  text: string;
  kind: 'quoted' | 'unquoted' | 'bracket';
  line: number;
  column: number;
}

export interface CmakeCommand {
  /** Lower case: CMake command names are case-insensitive. */
  name: string;
  args: CmakeArgument[];
  line: number;
  column: number;
  /** The source text between the parentheses, for messages ("if(AVNET)"). */
  source: string;
}

export type CmakeParse = { ok: true; commands: CmakeCommand[] } | { ok: false; message: string; line: number; column: number; commands: CmakeCommand[] };

/** Real CMakeLists.txt files are a few kilobytes; a bound keeps a hostile file from costing time. */
export const MAX_CMAKE_CHARS = 1024 * 1024;

class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseCmake(text: string): CmakeParse {
  const parser = new Parser(text.length > MAX_CMAKE_CHARS ? text.slice(0, MAX_CMAKE_CHARS) : text);
  try {
    parser.file();
    return { ok: true, commands: parser.commands };
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    const { line, column } = parser.position(err.offset);
    return { ok: false, message: err.message, line, column, commands: parser.commands };
  }
}

class Parser {
  readonly commands: CmakeCommand[] = [];
  private i = 0;
  private readonly lines: LineIndex;

  constructor(private readonly s: string) {
    this.lines = new LineIndex(s);
  }

  position(offset: number): { line: number; column: number } {
    return this.lines.positionAt(offset);
  }

  file(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.i++;
      else if (c === '#') this.comment();
      else if (/[A-Za-z_]/.test(c)) this.command();
      else throw new ParseError(`unexpected ${JSON.stringify(c)} where a command should start`, this.i);
    }
  }

  private comment(): void {
    const bracket = this.bracketOpen(this.i + 1);
    if (bracket !== undefined) {
      this.i = this.bracketClose(bracket.end, bracket.equals, 'bracket comment');
      return;
    }
    while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
  }

  private command(): void {
    const start = this.i;
    while (this.i < this.s.length && /[A-Za-z0-9_]/.test(this.s[this.i]!)) this.i++;
    const name = this.s.slice(start, this.i).toLowerCase();
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
    if (this.s[this.i] !== '(') throw new ParseError(`expected "(" after ${name}`, this.i);
    const open = this.i;
    this.i++;
    const args: CmakeArgument[] = [];
    let depth = 0;
    for (;;) {
      if (this.i >= this.s.length) throw new ParseError(`${name}( is never closed`, open);
      const c = this.s[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.i++;
      else if (c === '#') this.comment();
      else if (c === '(') {
        // Nested parentheses (if((A) AND (B))) are arguments of their own.
        args.push(this.argument('(', 'unquoted', this.i));
        this.i++;
        depth++;
      } else if (c === ')') {
        if (depth === 0) break;
        args.push(this.argument(')', 'unquoted', this.i));
        this.i++;
        depth--;
      } else if (c === '"') args.push(this.quoted());
      else if (c === '[' && this.bracketOpen(this.i) !== undefined) args.push(this.bracket());
      else args.push(this.unquoted());
    }
    const { line, column } = this.position(start);
    this.commands.push({ name, args, line, column, source: this.s.slice(open + 1, this.i).replace(/\s+/g, ' ').trim() });
    this.i++;
  }

  private argument(text: string, kind: CmakeArgument['kind'], offset: number): CmakeArgument {
    return { text, kind, ...this.position(offset) };
  }

  private quoted(): CmakeArgument {
    const start = this.i;
    this.i++;
    let text = '';
    for (;;) {
      if (this.i >= this.s.length) throw new ParseError('unterminated quoted argument', start);
      const c = this.s[this.i]!;
      if (c === '"') break;
      if (c === '\\') {
        const next = this.s[this.i + 1];
        if (next === undefined) throw new ParseError('unterminated quoted argument', start);
        if (next === '\n') text += '';
        else if (next === '\r' && this.s[this.i + 2] === '\n') this.i++;
        else text += escape(next);
        this.i += 2;
        continue;
      }
      text += c;
      this.i++;
    }
    this.i++;
    return this.argument(text, 'quoted', start);
  }

  private unquoted(): CmakeArgument {
    const start = this.i;
    let text = '';
    let refDepth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '$' && this.s[this.i + 1] === '{') {
        refDepth++;
        text += '${';
        this.i += 2;
        continue;
      }
      if (c === '}' && refDepth > 0) refDepth--;
      else if (refDepth === 0 && (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '(' || c === ')' || c === '#' || c === '"')) break;
      if (c === '\\') {
        const next = this.s[this.i + 1];
        if (next === undefined) throw new ParseError('a backslash ends the file', this.i);
        // Unquoted escapes keep "\;" so that list splitting can tell it from a separator.
        text += next === ';' ? '\\;' : escape(next);
        this.i += 2;
        continue;
      }
      text += c;
      this.i++;
    }
    return this.argument(text, 'unquoted', start);
  }

  private bracket(): CmakeArgument {
    const start = this.i;
    const open = this.bracketOpen(this.i)!;
    let body = open.end;
    if (this.s[body] === '\n') body++;
    const end = this.bracketClose(open.end, open.equals, 'bracket argument');
    const closeLength = open.equals + 2;
    this.i = end;
    return this.argument(this.s.slice(body, end - closeLength), 'bracket', start);
  }

  /** "[" "="* "[" at at: the number of "=" and the offset after the opening. */
  private bracketOpen(at: number): { equals: number; end: number } | undefined {
    if (this.s[at] !== '[') return undefined;
    let k = at + 1;
    while (this.s[k] === '=') k++;
    return this.s[k] === '[' ? { equals: k - at - 1, end: k + 1 } : undefined;
  }

  private bracketClose(from: number, equals: number, what: string): number {
    const close = `]${'='.repeat(equals)}]`;
    const at = this.s.indexOf(close, from);
    if (at < 0) throw new ParseError(`unterminated ${what}`, from);
    return at + close.length;
  }
}

function escape(c: string): string {
  if (c === 'n') return '\n';
  if (c === 't') return '\t';
  if (c === 'r') return '\r';
  if (c === ';') return ';';
  return c;
}
