/**
 * Locating JSON syntax errors. `JSON.parse` reports where it stopped in its message, in a format that
 * varies with the V8 version: Node 20 says `… in JSON at position 13`, newer versions add
 * `(line 3 column 3)`, and some messages (`Unexpected token '}', "{"a": }" is not valid JSON`) carry no
 * position at all. For those, a small scanner finds the first offending character itself.
 */

export interface JsonSyntaxError {
  /** The parser's message without the position and source excerpt, e.g. `Expected ',' or '}' after property value`. */
  readonly message: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export type JsonParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: JsonSyntaxError };

export function parseJson(text: string): JsonParseResult {
  // A byte order mark is common in files saved by Windows editors and is not JSON.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { message: cleanMessage(raw), ...locate(source, raw) } };
  }
}

function cleanMessage(raw: string): string {
  return raw
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .trim();
}

function locate(source: string, raw: string): { line: number; column: number } {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(raw);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(raw);
  const offset = position ? Number(position[1]) : /Unexpected end of JSON input/.test(raw) ? source.length : findErrorOffset(source);
  return lineAndColumn(source, offset);
}

export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class Stop {
  constructor(readonly offset: number) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Offset of the first character that makes `source` invalid JSON (RFC 8259), or its length if it is valid. */
export function findErrorOffset(source: string): number {
  let i = 0;
  const stop = (): never => {
    throw new Stop(i);
  };
  const whitespace = (): void => {
    while (i < source.length && ' \t\n\r'.includes(source[i] as string)) i++;
  };
  const expect = (char: string): void => {
    if (source[i] !== char) stop();
    i++;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const char = source[i];
      if (char === undefined || char < ' ') stop();
      if (char === '"') {
        i++;
        return;
      }
      if (char === '\\') {
        i++;
        const escaped = source[i];
        if (escaped === 'u') {
          if (!HEX4.test(source.slice(i + 1, i + 5))) stop();
          i += 5;
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) {
          i++;
        } else {
          stop();
        }
      } else {
        i++;
      }
    }
  };
  const value = (): void => {
    whitespace();
    const char = source[i];
    if (char === '{') {
      i++;
      whitespace();
      if (source[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        whitespace();
        string();
        whitespace();
        expect(':');
        value();
        whitespace();
        if (source[i] === ',') i++;
        else return expect('}');
      }
    }
    if (char === '[') {
      i++;
      whitespace();
      if (source[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        whitespace();
        if (source[i] === ',') i++;
        else return expect(']');
      }
    }
    if (char === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.test(source)) {
      i = NUMBER.lastIndex;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (char === literal[0]) {
        for (const expected of literal) expect(expected);
        return;
      }
    }
    stop();
  };
  try {
    value();
    whitespace();
    if (i < source.length) stop();
    return source.length;
  } catch (error) {
    if (error instanceof Stop) return error.offset;
    throw error;
  }
}
