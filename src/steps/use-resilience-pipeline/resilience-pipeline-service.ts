import { RequestContext, ServiceKey } from '../../requests';
import type { ResiliencePipelineRegistry } from './resilience-pipeline-registry';

/** The processor's resilience pipelines (its `resiliencePipelines` option); `context.resiliencePipelines` reads it. */
export const RESILIENCE_PIPELINES = new ServiceKey<ResiliencePipelineRegistry>('resiliencePipelines');

declare module '../../requests/request-context' {
  interface RequestContext {
    /** The sending processor's named cockatiel policies. */
    readonly resiliencePipelines?: ResiliencePipelineRegistry;
  }
}
RequestContext.exposeService('resiliencePipelines', RESILIENCE_PIPELINES);
