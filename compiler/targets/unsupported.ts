// A program a target cannot compile (yet): a user error, not a compiler bug. The message is one sentence for the
// user, which the CLI prints as it prints its own errors (runtime/cli/main.ts).

export class TargetUnsupported extends Error {
  override readonly name = 'TargetUnsupported';
}
