import { redactSecrets, silentLogger, type Logger } from '../../core';
import { RequestHandler, type Request, type ResultOf } from '../../requests';

/**
 * The RequestLogging step: logs entry (type, id, the request with secrets redacted), exit with
 * elapsed ms, and failure, then rethrows. Writes to the processor's logger.
 */
export class RequestLoggingHandler<T extends Request<any>> extends RequestHandler<T> {
  override handle(request: T): Promise<ResultOf<T>> {
    const logger = this.context.logger;
    // Silent: straight through, no async frame of its own.
    if (logger === silentLogger || !enabled(logger)) return super.handle(request);
    return this.logged(request, logger);
  }

  private async logged(request: T, logger: Logger): Promise<ResultOf<T>> {
    const requestType = request.constructor.name;
    const handler = this.context.handlerName;
    logger.info(
      { requestType, requestId: request.id, handler, request: redactSecrets(request) },
      `handling ${requestType}`,
    );
    const started = performance.now();
    try {
      const result = await super.handle(request);
      logger.info(
        { requestType, requestId: request.id, handler, elapsedMs: elapsed(started) },
        `handled ${requestType}`,
      );
      return result;
    } catch (error) {
      logger.error(
        { requestType, requestId: request.id, handler, elapsedMs: elapsed(started), err: error },
        `${requestType} failed`,
      );
      throw error;
    }
  }
}

// pino loggers can say a level is off; skip the redaction work then.
function enabled(logger: Logger): boolean {
  const check = (logger as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled;
  return typeof check !== 'function' || check.call(logger, 'info');
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
