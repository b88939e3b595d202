// Requests and handlers: the request kinds, the handler base class, the per-send context and the
// open registry through which a processor's services (each named by a ServiceKey) reach it.
export { Request, Command, Event, type ResultOf, type RequestClass } from './request';
export { RequestHandler, type HandlerClass } from './request-handler';
export { RequestContext, type RequestContextInit } from './request-context';
export { ServiceKey, ServiceRegistry } from './service-key';
export { LOGGER, CONTAINER } from './core-services';
