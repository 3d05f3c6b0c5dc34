// Which test files may share a process with other test files (vitest's `isolate: false`: one module graph per
// worker, evaluated once) and which need a fresh process of their own. A file shares when nothing it imports,
// directly or through the tree's own modules, holds process-wide state a later file would inherit — tfjs's
// engine and backends, a Dawn device, child processes and worker threads, a Redis connection, a browser — and
// when none of those files mocks a module or changes the working directory, the environment, the globals or the
// clock. Decided from the sources at each run (vitest.config.ts), so a file that starts importing tfjs is
// isolated without anyone editing a list. Imports are read with TypeScript's pre-processor, as
// test/layout/layers.test.ts reads them (static, dynamic `import()` with a literal, `export … from`).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Packages whose state outlives a test file in the same process. */
const STATEFUL_PACKAGES: readonly RegExp[] = [
  /^@tensorflow\//,
  /^webgpu$/,
  /^(node:)?(child_process|worker_threads|cluster)$/,
  /^puppeteer/,
  /^bullmq$/,
  /^ioredis$/,
];

/** Calls that change what the next file in the same process would see, by the callee's text. */
const STATEFUL_CALLS = /^(vi\.(mock|doMock|stubEnv|stubGlobal|useFakeTimers)|process\.chdir)$/;

const MAY_CHANGE_STATE = /\bvi\.|\bprocess\.(chdir|env)|\bglobalThis\b/;

/** The first statement of `text` that changes process-wide state (a call above, an assignment to or a
 * `delete` of `process.env` or a global), as written, or undefined. */
function statefulStatement(file: string, text: string): string | undefined {
  if (!MAY_CHANGE_STATE.test(text)) return undefined; // most files: no parse needed
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const global = (node: ts.Node) => /^\(?(process\.env|globalThis)\b/.test(node.getText(source));
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && STATEFUL_CALLS.test(node.expression.getText(source))) found = node.expression;
    else if (ts.isDeleteExpression(node) && global(node.expression)) found = node;
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && global(node.left))
      found = node.left;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found?.getText(source);
}

/** Why `file` (relative to `root`) needs a process of its own, or undefined when it may share one. */
export function isolationReason(
  root: string,
  file: string,
  seen = new Map<string, string | null>(),
): string | undefined {
  const known = seen.get(file);
  if (known !== undefined) return known ?? undefined;
  seen.set(file, null); // an import cycle adds nothing new
  const reason = ownReason(root, file, seen);
  seen.set(file, reason ?? null);
  return reason;
}

function ownReason(root: string, file: string, seen: Map<string, string | null>): string | undefined {
  const path = join(root, file);
  if (!existsSync(path)) return `${file} is not a file it can read`;
  const text = readFileSync(path, 'utf8');
  const statement = statefulStatement(file, text);
  if (statement) return `${file} changes process-wide state: ${statement}`;
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    if (!fileName.startsWith('.')) {
      if (STATEFUL_PACKAGES.some((p) => p.test(fileName))) return `${file} imports ${fileName}`;
      continue;
    }
    if (!/\.[cm]?[jt]s$/.test(fileName)) continue; // JSON, text: data, not code
    const reason = isolationReason(root, relative(root, resolve(dirname(path), fileName)), seen);
    if (reason) return reason;
  }
  return undefined;
}

/** The test files under `test/` that may share a process, relative to `root`, sorted. */
export function sharedTestFiles(root: string): string[] {
  const seen = new Map<string, string | null>();
  return readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join('test', f))
    .filter((f) => isolationReason(root, f, seen) === undefined)
    .sort();
}
