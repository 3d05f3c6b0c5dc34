// What a target cannot compile yet: an error whose message is a sentence for the user (the CLI prints it as
// it is, exit 1), not a compiler bug.

export class UnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedError';
  }
}
