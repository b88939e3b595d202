import { scrubbedError } from '../failover/secret-scrubber';
import { InterceptorError } from './errors';
import type { HttpEnvironment } from './http-environment';
import type { HttpResponse } from './http-response';
import type { OutgoingRequest } from './interceptor';

type Hook = 'onRequest' | 'onResponse' | 'onError';

/** Runs one interceptor hook; its error becomes an InterceptorError (scrubbed) instead of vanishing. */
async function callInterceptor(
  hook: Hook,
  environment: string,
  run: () => void | Promise<void>,
  scrub: (text: string) => string,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    // The interceptor's message may quote a credential: scrubbed like executeWithFallback's errors.
    const cause = scrubbedError(error, scrub);
    throw new InterceptorError(hook, environment, cause.message, { cause });
  }
}

/** Runs every `onRequest` in order; they may change `outgoing.headers`. */
export async function runOnRequest(
  http: HttpEnvironment,
  outgoing: OutgoingRequest,
  scrub: (text: string) => string,
): Promise<void> {
  for (const interceptor of http.interceptors) {
    if (interceptor.onRequest)
      await callInterceptor('onRequest', http.name, () => interceptor.onRequest!(outgoing), scrub);
  }
}

/** Tells the environment's interceptors about a response (every status; before it is classified). */
export async function notifyResponse(
  http: HttpEnvironment,
  response: HttpResponse,
  outgoing: OutgoingRequest,
  scrub: (text: string) => string,
): Promise<void> {
  for (const interceptor of http.interceptors) {
    if (interceptor.onResponse)
      await callInterceptor(
        'onResponse',
        http.name,
        () => interceptor.onResponse!(response, outgoing),
        scrub,
      );
  }
}

/** Tells the environment's interceptors an attempt failed without a response. */
export async function notifyError(
  http: HttpEnvironment,
  error: unknown,
  outgoing: OutgoingRequest,
  scrub: (text: string) => string,
): Promise<void> {
  const failure = error instanceof Error ? error : new Error(String(error));
  for (const interceptor of http.interceptors) {
    if (interceptor.onError)
      await callInterceptor('onError', http.name, () => interceptor.onError!(failure, outgoing), scrub);
  }
}
