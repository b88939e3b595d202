import { HandlerTiming, pipelineStep } from '../../pipeline';
import { MonitorHandler } from './monitor-handler';

/** Options of `@Monitor`. */
export interface MonitorOptions {
  /** Place in the chain: lower is outer. A finite integer. */
  step: number;
  /** The name events carry; default the target handler's class name. */
  name?: string;
}

/**
 * Emits MonitorEvents (enter, exit, exception with elapsed ms) to `processor.onMonitorEvent`
 * listeners; errors are rethrown.
 *
 * @example
 * ```ts
 * class GreetHandler extends RequestHandler<GreetCommand> {
 *   @Monitor({ step: 4, name: 'greeter' })
 *   override async handle(command: GreetCommand) { return `Hello, ${command.name}`; }
 * }
 * processor.onMonitorEvent((e) => console.log(e.type, e.handlerName, e.elapsedMs));
 * ```
 */
export function Monitor(options: MonitorOptions): MethodDecorator {
  return pipelineStep(MonitorHandler, {
    step: options?.step,
    timing: HandlerTiming.Before,
    params: [options?.name],
  });
}
