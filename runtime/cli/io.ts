// What every command shares: where output goes, whether it may be colored, and the two kinds of failure a
// command reports (exit 1 for a user error, exit 2 for a usage error). Commands throw CliError; main.ts
// turns it into a message on stderr and an exit code, so no stack trace ever reaches a user for bad input.

import pc from 'picocolors';

export interface Io {
  /** Results (stdout). */
  out(text: string): void;
  /** Diagnostics and messages (stderr). */
  err(text: string): void;
  /** Color on stderr: only on a terminal, never with NO_COLOR. */
  color: boolean;
}

export const EXIT = { ok: 0, user: 1, usage: 2, internal: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.user,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A failure that was already reported (diagnostics printed): only the exit code is left to set. */
export class Reported extends Error {
  constructor(readonly exitCode: number = EXIT.user) {
    super('already reported');
    this.name = 'Reported';
  }
}

/** NO_COLOR (https://no-color.org): set and non-empty disables color. */
export function colorFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

export function processIo(): Io {
  // A reader that stops early (`optic … | head -1`) closes the pipe: the rest of the output has no one to go to,
  // so stop quietly, as a command killed by SIGPIPE does (Node ignores SIGPIPE and raises EPIPE instead).
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(process.exitCode ?? 0);
    });
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    color: colorFor(process.stderr),
  };
}

/** A word a POSIX shell reads back unchanged, for the commands a message suggests running. */
export function shellQuote(word: string): string {
  return /^[\w./=+-]+$/u.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** `optic: message`, the prefix in red on a terminal. */
export function printError(io: Io, message: string): void {
  const c = pc.createColors(io.color);
  io.err(`${c.bold(c.red('optic:'))} ${message}\n`);
}
