// Fallback: answer with the handler's fallback() when the inner dolls fail.
export { Fallback, type FallbackOptions } from './fallback';
export { FallbackHandler, FALLBACK_EXCEPTION_CAUSE } from './fallback-handler';
