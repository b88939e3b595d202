// The pipeline: step decorators and their timing. (Plans and the chain builder are internal.)
export { HandlerTiming } from './handler-timing';
export { pipelineStep, type PipelineStepOptions, type StepDeclaration } from './pipeline-step';
export type { StepValidationSite } from './pipeline-plan';
export { PipelineConfigurationError } from './errors';
