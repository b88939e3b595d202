// The opt-in `overrideGlobalResponse` of `serve`, as @hono/node-server does by default: while it is
// on, `globalThis.Response` builds FastResponses, so the plain `new Response('…')` handlers are
// written without undici building a body stream. It stays the native class for everything else:
// `instanceof Response` holds for fetch's responses too, statics and subclasses work.
import { FastResponse } from './fast-response';

const NativeResponse: typeof Response = globalThis.Response;

type ResponseBody = ConstructorParameters<typeof Response>[0];

/** The stand-in installed as `globalThis.Response`. */
const LightResponse = function Response(this: unknown, body?: ResponseBody, init?: ResponseInit): Response {
  if (new.target === undefined)
    throw new TypeError("Class constructor Response cannot be invoked without 'new'");
  // A subclass (`class Mine extends Response`) gets a genuine undici Response of its own class.
  if ((new.target as unknown) !== LightResponse)
    return Reflect.construct(NativeResponse, [body, init], new.target) as Response;
  return new FastResponse(body, init);
} as unknown as typeof Response;

// instanceof, Response.prototype.* and the statics are the native class's; json builds a FastResponse.
Object.defineProperty(LightResponse, 'prototype', { value: NativeResponse.prototype });
Object.setPrototypeOf(LightResponse, NativeResponse);
Object.defineProperty(LightResponse, 'json', {
  value: FastResponse.json,
  writable: true,
  configurable: true,
});

let users = 0;

/**
 * Makes `globalThis.Response` build FastResponses until every `release` returned has been called
 * (servers using the option share one override; the last to close restores the native class).
 */
export function overrideGlobalResponse(): () => void {
  if (users++ === 0) globalThis.Response = LightResponse;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--users === 0) globalThis.Response = NativeResponse;
  };
}
