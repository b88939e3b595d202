import type { DepositOptions, ExternalBus } from '../bus/external-bus';
import type { Request } from '../requests';
import { MatryoshkaError } from '../core';

/** `post`, `depositPost` or `clearOutbox` was called on a processor built without `bus`. */
export class MissingBusError extends MatryoshkaError {
  constructor(method: string) {
    super(
      `CommandProcessor.${method} needs an external bus: build the processor with ` +
        `new CommandProcessor({ subscribers, bus: new ExternalBus({ transport, publications }) }).`,
    );
  }
}

function busFor(bus: ExternalBus | undefined, method: string): ExternalBus {
  if (!bus) throw new MissingBusError(method);
  return bus;
}

/** `processor.post`: deposit, then dispatch now. */
export async function post(
  bus: ExternalBus | undefined,
  requests: Request<any> | readonly Request<any>[],
): Promise<void> {
  await busFor(bus, 'post').post(Array.isArray(requests) ? requests : [requests as Request<any>]);
}

/** `processor.depositPost`: deposit only; one id per request (an array for an array). */
export async function depositPost(
  bus: ExternalBus | undefined,
  requests: Request<any> | readonly Request<any>[],
  options?: DepositOptions,
): Promise<string | string[]> {
  const many = Array.isArray(requests);
  const ids = await busFor(bus, 'depositPost').deposit(many ? requests : [requests as Request<any>], options);
  return many ? ids : ids[0];
}

/** `processor.clearOutbox`: dispatch deposited messages by id. */
export async function clearOutbox(
  bus: ExternalBus | undefined,
  ids: string | readonly string[],
): Promise<void> {
  await busFor(bus, 'clearOutbox').clearOutbox(typeof ids === 'string' ? [ids] : ids);
}
