import { Command } from '../requests';

/** Options of {@link EmitSocketEvent}. */
export interface EmitSocketEventOptions {
  /** Wait for the server's acknowledgement and resolve with it (`emitWithAck`). Default false. */
  ack?: boolean;
  /** Ack timeout; default the environment's `timeoutMs`, else 10 000 ms. Only with `ack`. */
  timeoutMs?: number;
}

/**
 * The built-in command that emits a socket.io event through `client.socket` (handled by
 * `EmitSocketEventHandler`, registered by `registerFailoverHandlers`). Without `ack` the result is
 * `void` once the emit is sent or buffered; with `ack` it is the server's acknowledgement.
 *
 * @example
 * ```ts
 * await processor.send(new EmitSocketEvent('chat', { room: 'general', text: 'hi' }));
 * const saved = await processor.send(new EmitSocketEvent<{ ok: boolean }>('save', doc, { ack: true, timeoutMs: 2_000 }));
 * await processor.send(EmitSocketEvent.withArgs('move', 3, 4)); // emit('move', 3, 4)
 * ```
 */
export class EmitSocketEvent<TAck = void> extends Command<TAck> {
  /** The arguments after the event name: `[payload]`, `[]` without one, or those of `withArgs`. */
  readonly args: readonly unknown[];
  readonly ack: boolean;
  readonly timeoutMs?: number;

  constructor(
    readonly event: string,
    payload?: unknown,
    options: EmitSocketEventOptions = {},
  ) {
    super();
    this.args = payload === undefined ? [] : [payload];
    this.ack = options.ack ?? false;
    this.timeoutMs = options.timeoutMs;
  }

  /** An emit with several arguments, no ack: `emit(event, ...args)`. */
  static withArgs(event: string, ...args: unknown[]): EmitSocketEvent<void> {
    const command = new EmitSocketEvent<void>(event);
    (command as { args: readonly unknown[] }).args = args;
    return command;
  }
}
