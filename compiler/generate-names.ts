// Names for generated programs: plain ASCII, Unicode (the paper's λ, β1, η and more), and hostile ones:
// words that are keywords or globals in the JavaScript and WGSL that optic generates, and Object.prototype
// property names. A target that does not mangle identifiers fails on these (DESIGN.md §2).

import fc from 'fast-check';
import { RESERVED } from '../grammar/lexer.ts';
import { CALLABLE, CONSTANTS, STEP } from './ops.ts';
import { GRADIENT_NAMES } from './signature.ts';

const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/**
 * Keywords and reserved words of JavaScript and WGSL, JS globals, Object.prototype members, WGSL types, and
 * the identifiers the generated WGSL declares itself.
 */
export const HOSTILE_NAMES: readonly string[] = [
  'var',
  'let',
  'const',
  'fn',
  'function',
  'new',
  'this',
  'loop',
  'override',
  'constructor',
  '__proto__',
  'eval',
  'arguments',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'undefined',
  'NaN',
  'Infinity',
  'null',
  'true',
  'false',
  'switch',
  'case',
  'default',
  'enum',
  'super',
  'typeof',
  'void',
  'delete',
  'instanceof',
  'export',
  'extends',
  'catch',
  'finally',
  'throw',
  'do',
  'static',
  'private',
  'public',
  'interface',
  'package',
  'implements',
  'debugger',
  'struct',
  'f32',
  'i32',
  'u32',
  'f16',
  'bool',
  'vec4',
  'vec4f',
  'array',
  'atomic',
  'bitcast',
  'discard',
  'storage',
  'uniform',
  'workgroup',
  'private',
  'ptr',
  'read_write',
  'select',
  'target',
  'meta',
  'module',
  'require',
  'exports',
  'globalThis',
  'window',
  'self',
  'process',
  'Math',
  'Object',
  'Array',
  'tf',
  'main',
  'params',
  'state',
  'out',
  'buffer',
  'gid',
  'i',
  'n',
  'x',
  'y',
  '_',
  '__',
  '$',
  'step_',
  'w_',
  'g_',
  // WGSL's keywords, reserved words and builtins, and the identifiers optic's WGSL declares itself.
  'return',
  'if',
  'for',
  'while',
  'break',
  'continue',
  'alias',
  'enable',
  'requires',
  'diagnostic',
  'NULL',
  'sampler',
  'η_max',
  'x__y',
  'P',
  'C',
  'tab',
  'sums',
  'acc',
  'ctl',
  'lane',
  'step_size',
].filter((name) => IDENTIFIER.test(name));

/** Identifiers outside ASCII, including one outside the BMP (a surrogate pair in UTF-16: Deseret 𐐨). */
export const UNICODE_NAMES: readonly string[] = [
  'λ',
  'β1',
  'β2',
  'η',
  'ε',
  'θ_t',
  'ω',
  'Ω',
  'μ',
  'σ',
  'ℓ',
  'Δw',
  'ñ',
  'été',
  '学习率',
  '变量',
  'мю',
  'αβγ',
  '𐐨',
  // The lexer compares names in NFKC (ℓ is l, 𝑥 is x): generated names are already in that form.
].filter((name) => IDENTIFIER.test(name) && name === name.normalize('NFKC'));

/**
 * Names only a role may have (signature.ts, E0210), and the gradient's other names (a parameter named `grad`
 * would be the gradient wherever it stood): generators claim w and g for those roles explicitly.
 */
const ROLE_NAMES = new Set(['w', 'update', ...GRADIENT_NAMES]);

/** Names the language itself takes: keywords, built-in functions, the step counter. */
export function isTaken(name: string): boolean {
  return (
    name === 'def' ||
    name === 'return' ||
    name === STEP ||
    RESERVED.has(name) ||
    CALLABLE.has(name) ||
    ROLE_NAMES.has(name)
  );
}

/** Names that would resolve to a built-in constant instead of a hyperparameter when read unassigned. */
export function isConstant(name: string): boolean {
  return Object.hasOwn(CONSTANTS, name);
}

const FIRST = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'];
const REST = [...FIRST, ...'0123456789'];

/** A random ASCII identifier, short enough to read in a failing case. */
export const arbAsciiName: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...FIRST), fc.string({ unit: fc.constantFrom(...REST), maxLength: 6 }))
  .map(([first, rest]) => first + rest);

/** A candidate name (which may be taken: the program generator makes names unique and legal). */
export function arbName(hostile: boolean): fc.Arbitrary<string> {
  if (!hostile) return arbAsciiName;
  return fc.oneof(
    { weight: 3, arbitrary: arbAsciiName },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
    { weight: 2, arbitrary: fc.constantFrom(...UNICODE_NAMES) },
  );
}
