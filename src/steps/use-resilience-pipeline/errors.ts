import { PipelineConfigurationError } from '../../pipeline';

/** `UseResiliencePipeline` names a policy the `ResiliencePipelineRegistry` does not hold. */
export class UnknownResiliencePipelineError extends PipelineConfigurationError {
  constructor(
    readonly pipelineName: string,
    readonly handlerName: string,
    known: readonly string[],
  ) {
    super(
      `${handlerName}: UseResiliencePipeline names "${pipelineName}", which the ResiliencePipelineRegistry does not hold` +
        ` (known: ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'none'}).`,
    );
  }
}
