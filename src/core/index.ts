// The bottom layer, imported by every other folder and importing none of them: the root error,
// the pino-shaped Logger interface and secret redaction.
export { MatryoshkaError } from './matryoshka-error';
export { Logger, silentLogger } from './logger';
export {
  redactSecrets,
  scrubSecrets,
  isSecretKey,
  declareSecretNames,
  REDACTED,
  SECRET_KEY_PATTERN,
} from './redact';
