// The pipeline: step decorators' metadata, timing, and the builder of per-send Russian dolls.
export { HandlerTiming } from './handler-timing';
export { pipelineStep, type PipelineStepOptions, type StepDeclaration } from './pipeline-step';
export { planPipeline, type PipelinePlan, type PlanLink, type StepValidationSite } from './pipeline-plan';
export { PipelineBuilder, type BuiltPipeline } from './pipeline-builder';
