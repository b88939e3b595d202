/**
 * When a step runs relative to the target handler. Before steps wrap the target (the usual
 * Russian doll); After steps run when the target calls `super.handle(request)`.
 */
export enum HandlerTiming {
  Before = 'before',
  After = 'after',
}
