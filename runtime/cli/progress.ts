// A progress bar for long runs, on a terminal only: none when stderr is not a TTY, in CI, or with NO_COLOR
// (TESTING.md: no color and no progress bar then), so logs and pipes get optic's output alone.

import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Whether a long run may draw a progress bar: stderr is a terminal, and neither CI nor NO_COLOR is set. */
export function progressWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(process.stderr.isTTY) && !env.CI && !env.NO_COLOR;
}

/**
 * A bar `label [████░░░░] done/total | eta` on stderr, or undefined where none is wanted. It appears once the run
 * has taken a second (a short run would only flicker) and is cleared at the end.
 */
export function progressBar(label: string, env: NodeJS.ProcessEnv = process.env): Progress | undefined {
  if (!progressWanted(env)) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const since = Date.now();
  let started = false;
  return {
    update(done, total) {
      if (!started && Date.now() - since < 1000) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}
