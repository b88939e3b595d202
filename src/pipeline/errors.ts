import { MatryoshkaError } from '../core';

/**
 * A pipeline that cannot be built: duplicate or non-integer steps, a bad step option, a step
 * decorator used the wrong way, a handler that cannot be constructed (the container's error is
 * the `cause`). Steps' own configuration errors extend it.
 */
export class PipelineConfigurationError extends MatryoshkaError {}
