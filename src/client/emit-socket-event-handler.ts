import type { EmitSocketEvent } from './emit-socket-event';
import { SocketRequestHandler } from './socket-request-handler';

/**
 * Handles the built-in {@link EmitSocketEvent}: `emit` (resolves once sent or buffered) or, with
 * `ack`, `emitWithAck` (resolves with the acknowledgement; `context.signal` cancels the wait, so a
 * resilience timeout reaches it). Subclass it to decorate the pipeline.
 *
 * @example
 * ```ts
 * class LoggedEmit extends EmitSocketEventHandler {
 *   @RequestLogging({ step: 0 })
 *   @UseResiliencePipeline('retry', { step: 1 })
 *   override handle(command: EmitSocketEvent<any>) { return super.handle(command); }
 * }
 * subscribers.register(EmitSocketEvent, LoggedEmit);
 * ```
 */
export class EmitSocketEventHandler extends SocketRequestHandler<EmitSocketEvent<any>> {
  override async handle(command: EmitSocketEvent<any>): Promise<any> {
    const socket = this.socket;
    let result: unknown;
    if (command.ack) {
      result = await socket.emitWithAck(command.event, command.args[0], {
        timeoutMs: command.timeoutMs,
        signal: this.context.signal,
      });
    } else {
      socket.emit(command.event, ...command.args);
    }
    await super.handle(command); // After-timing steps run here, as in Brighter
    return result;
  }
}
