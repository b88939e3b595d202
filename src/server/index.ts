// The Shelf-style HTTP layer: handlers and middleware on WHATWG Request/Response, served by node:http.
export type { HttpHandler, HttpMiddleware, RequestInfo } from './types'; // the two function types and what a handler learns besides the Request
export { serve, type ServeOptions, type RunningServer } from './serve'; // the node:http adapter
export { HttpPipeline } from './http-pipeline'; // middleware composed around a handler, first added outermost
export { Cascade, type CascadeOptions } from './cascade'; // try handlers in turn until one answers
export { createMiddleware, type MiddlewareHooks } from './create-middleware'; // middleware from request/response/error hooks
export { logRequests, type LogRequestsOptions } from './log-requests'; // one log line per request
export { Router } from './router'; // method + path routing with :params
export { FastResponse } from './fast-response'; // a Response that builds no stream until asked
export { createRequestInfo, withParams } from './request-info'; // RequestInfo for direct calls and routers
export { RequestValidationError, PayloadTooLargeError, ServerConfigurationError } from './errors'; // the layer's errors
export {
  commandRoutes,
  type CommandRoute,
  type CommandRoutesOptions,
  type CommandSender,
} from './command-routes'; // the CommandProcessor behind HTTP routes
