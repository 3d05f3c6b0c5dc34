// `optic check FILE...`: compiles each file and prints its signature (state slots, scalar inputs,
// hyperparameters with their defaults, whether it reads `step`) and its statement count. Every file is
// checked; the exit code is 1 if any had an error. Warnings are printed but do not fail.
//
// `--json` prints one JSON object per file and line instead (JSON Lines), diagnostics included, for scripts
// and program search: stdout then holds everything and stderr stays empty. The fields are documented in the
// README; a file that does not compile has `ok: false` and null signature fields.

import type { Command } from 'commander';
import { compileFile } from '../../../compiler/compile.ts';
import { liveNodes, type Program, slotType } from '../../../compiler/ir.ts';
import type * as ast from '../../../grammar/ast.ts';
import { hasErrors, type Diagnostic } from '../../../grammar/diagnostics.ts';
import { Reported, type Io } from '../io.ts';
import { loadProgram } from '../load.ts';

export function register(cli: Command, io: Io): void {
  cli
    .command('check')
    .description('check programs and print their signatures')
    .argument('<files...>', 'program files (.opt)')
    .option('--json', 'print one JSON object per file and line (signature, hyperparameters, diagnostics) instead')
    .action((files: string[], options: { json?: boolean }) => {
      const ok = files.map((file) => (options.json ? checkJson(io, file) : checkText(io, file)));
      if (ok.includes(false)) throw new Reported();
    });
}

function checkText(io: Io, file: string): boolean {
  try {
    const { ast, program } = loadProgram(io, file);
    io.out(summary(file, ast, program));
    return true;
  } catch (e) {
    if (!(e instanceof Reported)) throw e;
    return false;
  }
}

const list = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : '(none)');

export function summary(file: string, tree: ast.Program, program: Program): string {
  const { state, inputs, hypers } = program.signature;
  const hyperText = hypers.map((h) =>
    h.default === undefined ? `${h.name} (no default)` : `${h.name} = ${h.default}`,
  );
  const statements = tree.body.length + 1;
  return [
    `${file}: ok, ${statements} statement${statements === 1 ? '' : 's'}`,
    // A slot with one number per row or per column says so (`vr (rows)`); a tensor slot is just its name.
    `  state: ${list(state.map((slot, k) => (slotType(program.signature, k) === 'tensor' ? slot : `${slot} (${slotType(program.signature, k)})`)))}`,
    `  inputs: ${list(inputs)}`,
    `  hyperparameters: ${list(hyperText)}`,
    `  step: ${readsStep(program) ? 'used' : 'not used'}`,
    '',
  ].join('\n');
}

function readsStep(program: Program): boolean {
  const live = liveNodes(program);
  return program.nodes.some((n) => n.op === 'step' && live.has(n.id));
}

/** What `check --json` prints for one file. */
export interface CheckRecord {
  file: string;
  ok: boolean;
  /** The def's name and parameters by role; null when the file does not compile. */
  signature: { name: string; w: string; g: string; state: string[]; inputs: string[] } | null;
  /** In order of first use; `default` is null when none is declared. */
  hyperparameters: Array<{ name: string; default: number | null }> | null;
  /** Whether the program reads the step counter. */
  step: boolean | null;
  /** The body's statements, the return included (as the text output counts); null when the file does not parse. */
  statements: number | null;
  /** `hint` is null when the diagnostic has none. */
  diagnostics: Array<{
    code: string;
    severity: string;
    line: number;
    col: number;
    message: string;
    hint: string | null;
  }>;
}

export function checkRecord(
  file: string,
  compiled: { ast?: ast.Program; program?: Program; diagnostics: readonly Diagnostic[] },
): CheckRecord {
  const ok = !hasErrors(compiled.diagnostics) && compiled.program !== undefined && compiled.ast !== undefined;
  const p = ok ? compiled.program! : undefined;
  const s = p?.signature;
  return {
    file,
    ok,
    signature: s ? { name: s.fn, w: s.w, g: s.g, state: [...s.state], inputs: [...s.inputs] } : null,
    hyperparameters: s ? s.hypers.map((h) => ({ name: h.name, default: h.default ?? null })) : null,
    step: p ? readsStep(p) : null,
    statements: compiled.ast ? compiled.ast.body.length + 1 : null,
    diagnostics: compiled.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      line: d.span.line,
      col: d.span.col,
      message: d.message,
      hint: d.hint ?? null,
    })),
  };
}

function checkJson(io: Io, file: string): boolean {
  const record = checkRecord(file, compileFile(file));
  io.out(`${JSON.stringify(record)}\n`);
  return record.ok;
}
