// Requests and handlers: the request kinds, the handler base class, and the per-send context.
export { Request, Command, Event, type ResultOf, type RequestClass } from './request';
export { RequestHandler, type HandlerClass } from './request-handler';
export { RequestContext, type ContextServices } from './request-context';
