/**
 * What a JSON syntax error says and where it points. jsonc-parser names the token it expected (a trailing comma in
 * an object is "PropertyNameExpected" and "ValueExpected", both at the closing brace): here that becomes what a
 * person wrote wrong, at the character to fix. One reader for every input (manifests, hardware definitions, product
 * files, designs, requirement profiles), so each gets the same words.
 */
import { createScanner, printParseErrorCode, type ParseError, type SyntaxKind } from 'jsonc-parser';

export interface DescribedSyntaxError {
  /** Offset in the text of the character to fix. */
  offset: number;
  /** The message after "invalid JSON: ". */
  message: string;
  /** A hint for this error when the generic one ("fix the JSON syntax here") would not say how. */
  hint?: string;
}

// jsonc-parser's SyntaxKind is a const enum, so its values are spelled out here.
const CLOSE_BRACE = 2 as SyntaxKind, CLOSE_BRACKET = 4 as SyntaxKind, COMMA = 5 as SyntaxKind, EOF = 17 as SyntaxKind;

export function describeSyntaxErrors(text: string, errors: readonly ParseError[]): DescribedSyntaxError {
  const first = errors[0];
  if (!first) return { offset: 0, message: 'empty document' };
  // The parser reports one slip at one place several times over (a trailing comma in an object twice): count places.
  const others = new Set(errors.filter((e) => e.offset !== first.offset).map((e) => e.offset)).size;
  const more = others > 0 ? ` (and ${others} more syntax error${others > 1 ? 's' : ''})` : '';
  const trailing = trailingCommaBefore(text, first.offset);
  if (trailing) {
    return {
      offset: trailing.comma,
      message: `trailing comma before '${trailing.closer}'${more}`,
      hint: `Remove this comma: JSON allows no comma after the last ${trailing.closer === '}' ? 'member of an object' : 'element of an array'}.`,
    };
  }
  return { offset: first.offset, message: `${wordsFor(first)}${more}` };
}

/** The comma just before the '}' or ']' at `offset`, comments and white space between them aside. */
function trailingCommaBefore(text: string, offset: number): { comma: number; closer: '}' | ']' } | undefined {
  // Cheap refusals first: every syntax error of every fuzz input comes here, and scanning the text up to the error
  // made the structure-aware engine's app-manifest inputs a quarter slower. Only an error at a closer whose nearest
  // non-blank character before it is a comma, or the end of a comment (which may follow one), needs the scan.
  const closer = text.charCodeAt(offset);
  if (closer !== 0x7d && closer !== 0x5d) return undefined;
  let before = offset - 1;
  while (before >= 0 && (text.charCodeAt(before) === 0x20 || text.charCodeAt(before) === 0x09 || text.charCodeAt(before) === 0x0a || text.charCodeAt(before) === 0x0d)) before--;
  if (before < 0 || (text[before] !== ',' && text[before] !== '/')) return undefined;
  const scanner = createScanner(text, true);
  let previous: { kind: SyntaxKind; offset: number } | undefined;
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    const at = scanner.getTokenOffset();
    if (at >= offset) {
      if (at !== offset || previous?.kind !== COMMA) return undefined;
      if (token === CLOSE_BRACE) return { comma: previous.offset, closer: '}' };
      if (token === CLOSE_BRACKET) return { comma: previous.offset, closer: ']' };
      return undefined;
    }
    previous = { kind: token, offset: at };
  }
  return undefined;
}

function wordsFor(error: ParseError): string {
  const name = printParseErrorCode(error.error);
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: "expected ':'",
    CommaExpected: "expected ','",
    CloseBraceExpected: "expected '}' (the file may be truncated)",
    CloseBracketExpected: "expected ']' (the file may be truncated)",
    EndOfFileExpected: 'unexpected content after the end of the JSON value',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string (the file may be truncated)',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'control character inside a string',
  };
  return words[name] ?? name;
}
