// The built-in steps, one folder each: RequestLogging, Fallback, UseResiliencePipeline, FeatureSwitch, Monitor, UseInbox.
export * from './request-logging';
export * from './fallback';
export * from './use-resilience-pipeline';
export * from './feature-switch';
export * from './monitor';
export * from './use-inbox';
