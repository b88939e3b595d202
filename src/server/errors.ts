// Errors of the server layer; all are MatryoshkaErrors, like the rest of the library's.
import { MatryoshkaError } from '../core';

/**
 * Thrown by a `toCommand` (or by a handler behind `commandRoutes`) when the request cannot become a
 * valid command. `commandRoutes` answers 400 with the message as the reason, so keep it short and
 * free of secrets.
 *
 * @example
 * ```ts
 * toCommand: async (request) => {
 *   const { name } = await request.json();
 *   if (typeof name !== 'string' || !name) throw new RequestValidationError('name is required');
 *   return new GreetCommand(name);
 * }
 * ```
 */
export class RequestValidationError extends MatryoshkaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The request body grew past `maxBodyBytes`. Reading the body (`request.json()`, …) rejects with
 * it; `serve` and `commandRoutes` answer 413.
 *
 * @example
 * ```ts
 * try { await request.text(); } catch (err) { if (err instanceof PayloadTooLargeError) … }
 * ```
 */
export class PayloadTooLargeError extends MatryoshkaError {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/**
 * A composition was built wrongly: an empty `Cascade`, a `Cascade` given both `statusCodes` and
 * `shouldCascade`, a route path that cannot be parsed. Thrown when the mistake is made, not per request.
 *
 * @example
 * ```ts
 * new Cascade().handler; // throws ServerConfigurationError: a Cascade needs at least one handler
 * ```
 */
export class ServerConfigurationError extends MatryoshkaError {}
