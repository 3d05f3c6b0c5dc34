// Layout: NEWLINE / INDENT / DEDENT from lines and indentation, implicit joining inside parentheses, line
// endings, and the layout errors (E0002, E0003, E0105, E0106, unmatched ')').

import { describe, expect, test } from 'vitest';
import { MAX_DEPTH } from '../../grammar/depth.ts';
import { layout } from '../../grammar/layout.ts';
import { tokenize } from '../../grammar/lexer.ts';
import { SourceText } from '../../grammar/source.ts';

function laid(text: string) {
  const source = new SourceText(text, 't.opt');
  return layout(tokenize(source).tokens, source);
}

/** The token stream in a compact form: names for layout tokens, images for the rest. */
const stream = (text: string) =>
  laid(text)
    .tokens.map((t) => ({ Newline: 'NL', Indent: 'IN', Dedent: 'DE' })[t.tokenType.name] ?? t.image)
    .join(' ');
const codes = (text: string) => laid(text).diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.col}`);

describe('lines and blocks', () => {
  test('a def with a body', () => {
    expect(stream('def f(x):\n    y = x\n    return y\n')).toBe('def f ( x ) : NL IN y = x NL return y NL DE');
  });

  test('blank lines and comment lines make no tokens; a missing final newline is supplied', () => {
    expect(stream('\n\n# c\ndef f(x):\n\n    # c\n      \n    return x')).toBe('def f ( x ) : NL IN return x NL DE');
  });

  test('newlines inside parentheses join lines, whatever the indentation there', () => {
    expect(stream('def f(x,\ny):\n    return (x +\n  y)\n')).toBe('def f ( x , y ) : NL IN return ( x + y ) NL DE');
  });

  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('%s line endings', (_, eol) => {
    const text = ['def f(x):', '    y = x', '    return y', ''].join(eol);
    expect(stream(text)).toBe('def f ( x ) : NL IN y = x NL return y NL DE');
    expect(codes(text)).toEqual([]);
  });

  test('a dedent back to the def level closes the body', () => {
    expect(stream('def f(x):\n    return x\ny = 1\n')).toBe('def f ( x ) : NL IN return x NL DE y = 1 NL');
  });

  test('tabs alone are fine', () => {
    expect(codes('def f(x):\n\ty = x\n\treturn y\n')).toEqual([]);
  });

  test('a def header without its colon still opens the body (only the colon is reported, by the parser)', () => {
    expect(stream('def f(x)\n    return x\n')).toBe('def f ( x ) NL IN return x NL DE');
  });
});

describe('layout errors', () => {
  test('E0002: a tab where the indentation before used spaces, at the tab', () => {
    expect(codes('def f(x):\n    y = x\n  \treturn y\n')).toEqual(['E0002@3:3']);
  });

  test('E0002: a space where the indentation before used tabs', () => {
    expect(codes('def f(x):\n\ty = x\n    return y\n')).toEqual(['E0002@3:1']);
  });

  test('E0003: a line indented deeper than the body', () => {
    expect(codes('def f(x):\n    y = x\n        return y\n')).toEqual(['E0003@3:9']);
  });

  test('E0003: a line indented less than the body but more than the def', () => {
    expect(codes('def f(x):\n    y = x\n  return y\n')).toEqual(['E0003@3:3']);
  });

  test('E0003: indentation at module level', () => {
    expect(codes('  lr = 0.1\ndef f(x):\n    return x\n')).toEqual(['E0003@1:3']);
  });

  test('E0105 at the first "(" never closed; its newlines are joined to the end', () => {
    const result = laid('def f(x):\n    y = g(x, (x\n    return y\n');
    expect(result.diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.col}`)).toEqual(['E0105@2:10']);
    expect(result.unclosedAt).toBe(19);
  });

  test("an unmatched ')' is reported and dropped", () => {
    expect(codes('x = (1))\n')).toEqual(['E0100@1:8']);
    expect(stream('x = (1))\n')).toBe('x = ( 1 ) NL');
  });

  test(`E0106 at the parenthesis past the limit (${MAX_DEPTH}); the group becomes (0)`, () => {
    const n = MAX_DEPTH + 5;
    const text = `x = ${'('.repeat(n)}y${')'.repeat(n)}\n`;
    const result = laid(text);
    expect(result.diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.col}`)).toEqual([
      `E0106@1:${5 + MAX_DEPTH}`,
    ]);
    expect(result.maxNesting).toBe(MAX_DEPTH);
    const images = result.tokens.map((t) => t.image).join('');
    expect(images).toBe(`x=${'('.repeat(MAX_DEPTH + 1)}0${')'.repeat(MAX_DEPTH + 1)}\n`);
  });
});
