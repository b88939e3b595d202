// UseResiliencePipeline: run inner dolls inside named cockatiel policies from a shared registry.
export { UseResiliencePipeline, type UseResiliencePipelineOptions } from './use-resilience-pipeline';
export { UseResiliencePipelineHandler } from './use-resilience-pipeline-handler';
export { ResiliencePipelineRegistry } from './resilience-pipeline-registry';
export { RESILIENCE_PIPELINES } from './resilience-pipeline-service';
export { UnknownResiliencePipelineError } from './errors';
