// The lexer: Unicode names, keywords and reserved words, Python's number forms, comments, stray characters.

import { describe, expect, test } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { tokenize } from '../../grammar/lexer.ts';
import { SourceText } from '../../grammar/source.ts';

const lex = (text: string) => tokenize(new SourceText(text, 't.opt'));
const kinds = (text: string) => lex(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
const codes = (text: string) => lex(text).diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.col}`);

describe('names', () => {
  test.each(['λ', 'β1', 'η', 'v_sqrt', '__proto__', 'fn', 'constructor', 'x', '_', 'défaut', '学习率', '𝑥'])(
    '%s is one name',
    (name) => {
      expect(kinds(name)).toEqual([`Name:${name.normalize('NFKC')}`]);
      expect(codes(name)).toEqual([]);
    },
  );

  test('keywords need a boundary: "define" and "returns" are names', () => {
    expect(kinds('def define return returns')).toEqual(['Def:def', 'Name:define', 'Return:return', 'Name:returns']);
  });

  test.each(['if', 'lambda', 'None', 'True', 'await', 'nonlocal', 'class'])(
    'the Python keyword %s is reserved (E0100)',
    (word) => {
      const { diagnostics } = lex(`x = ${word}`);
      expect(diagnostics.map((d) => [d.code, d.span.col])).toEqual([['E0100', 5]]);
      expect(diagnostics[0].message).toBe(`'${word}' is a reserved word and cannot be used as a name`);
    },
  );

  test('words reserved only in JavaScript or WGSL are ordinary names', () => {
    expect(codes('var let fn function new this loop override eval true false null')).toEqual([]);
  });
});

describe('numbers', () => {
  test.each(['3', '0.9', '.5', '5.', '1e-8', '1E+3', '1.e5', '007', '0.001', '5e-324'])('%s', (text) => {
    expect(kinds(text)).toEqual([`NumberLiteral:${text}`]);
    expect(codes(text)).toEqual([]);
  });

  test('1e400 overflows float64: E0004 at the literal', () => {
    const { diagnostics } = lex('x = 1e400');
    expect(diagnostics.map((d) => [d.code, d.span.line, d.span.col, d.span.end - d.span.start])).toEqual([
      ['E0004', 1, 5, 5],
    ]);
    expect(diagnostics[0].message).toContain("'1e400'");
  });

  test.each(['1e', '3x', '0x10', '1_000', '2.5e'])('malformed literal %s is E0004, reported whole', (text) => {
    const { diagnostics } = lex(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['E0004']);
    expect(diagnostics[0].message).toBe(`'${text}' is not a valid number literal`);
  });

  test('1e-400 underflows to 0, as in Python: not an error', () => {
    expect(codes('1e-400')).toEqual([]);
  });
});

describe('operators, comments and stray characters', () => {
  test('** is one token, * another', () => {
    expect(kinds('a**b*c')).toEqual(['Name:a', 'StarStar:**', 'Name:b', 'Star:*', 'Name:c']);
  });

  test('comments are kept apart, with trailing whitespace trimmed and whether code precedes them', () => {
    const { tokens, comments } = lex('# head  \nx = 1  # note\n   # indented\n');
    expect(tokens.map((t) => t.image).filter((i) => i.trim())).toEqual(['x', '=', '1']);
    expect(comments.map((c) => [c.text, c.span.line, c.span.col, c.trailing])).toEqual([
      ['# head', 1, 1, false],
      ['x = 1  # note'.slice(7), 2, 8, true],
      ['# indented', 3, 4, false],
    ]);
  });

  test.each([
    ['$', "unexpected character '$'"],
    ['@', "unexpected character '@'"],
    [';', "unexpected character ';'"],
    ['\0', 'unexpected character U+0000'],
    ['\u00a0', 'unexpected character U+00A0'],
    ['\\', "unexpected character '\\': line continuations are not supported"],
  ])('%j is E0001, naming the character', (c, message) => {
    const { diagnostics, tokens } = lex(`x = a ${c} b`);
    expect(diagnostics.map((d) => [d.code, d.span.col, d.message])).toEqual([['E0001', 7, message]]);
    const hint = c === '\\' ? 'wrap the expression in parentheses to continue it on the next line' : undefined;
    expect(diagnostics[0].hint).toBe(hint);
    expect(tokens.map((t) => t.image)).toEqual(['x', '=', 'a', 'b']); // dropped, so parsing can go on
  });

  test('a run of stray characters is one error spanning the run', () => {
    const { diagnostics } = lex('x = $$$ + ?');
    expect(diagnostics.map((d) => [d.code, d.span.col, d.span.end - d.span.start])).toEqual([
      ['E0001', 5, 3],
      ['E0001', 11, 1],
    ]);
  });
});

describe('names as a reader sees them', () => {
  const hypers = (text: string) => (compile(text, 'n.opt').program?.signature.hypers ?? []).map((h) => h.name);

  test('precomposed and decomposed é, and the ligature ﬁ, are one name (NFKC, as Python)', () => {
    expect(hypers('é = 0.5\ndef train(w, g):\n    return g * e\u0301 + g * \ufb01 + g * fi\n')).toEqual(['é', 'fi']);
  });

  test('an invisible character is dropped with a warning at the name', () => {
    const text = 'def train(w, g, m):\n    m = m\u200d + g\n    return g, m\n';
    const { program, diagnostics } = compile(text, 'n.opt');
    expect(program?.signature.hypers).toEqual([]);
    expect(diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.col} ${d.message}`)).toEqual([
      "W0004@2:9 invisible character U+200D in the name 'm', ignored",
    ]);
  });
});
