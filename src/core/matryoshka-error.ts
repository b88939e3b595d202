/** Base of every error Matryoshka throws, so callers can catch ours apart from theirs. */
export class MatryoshkaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
