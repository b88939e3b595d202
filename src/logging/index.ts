// Logging: the pino-shaped Logger interface and secret redaction shared by every layer.
export { Logger, silentLogger } from './logger';
export { redactSecrets, scrubSecrets, isSecretKey, REDACTED, SECRET_KEY_PATTERN } from './redact';
