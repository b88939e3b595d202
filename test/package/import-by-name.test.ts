import * as byName from 'matryoshka-pipeline';
import * as byPath from '../../src';

describe('the package root', () => {
  it("resolves 'matryoshka-pipeline' to the same exports as src/index", () => {
    expect(byName.CommandProcessor).toBe(byPath.CommandProcessor);
    expect(Object.keys(byName).sort()).toEqual(Object.keys(byPath).sort());
  });

  it('exports every name the contract (API.md) uses', () => {
    const names = [
      'Request',
      'Command',
      'Event',
      'RequestHandler',
      'RequestContext',
      'pipelineStep',
      'HandlerTiming',
      'RequestLogging',
      'Fallback',
      'UseResiliencePipeline',
      'FeatureSwitch',
      'Monitor',
      'FALLBACK_EXCEPTION_CAUSE',
      'SubscriberRegistry',
      'CommandProcessor',
      'ResiliencePipelineRegistry',
      'FeatureSwitchRegistry',
      'MissingHandlerError',
      'HandlerRegistrationError',
      'PipelineConfigurationError',
      'UnknownResiliencePipelineError',
      'FeatureSwitchConfigurationError',
      'FailoverClient',
      'Environment',
      'AuthType',
      'EnvironmentConfigError',
      'FileValidationError',
      'FailoverHub',
      'HttpRequestHandler',
      'SocketRequestHandler',
      'HttpRequest',
      'EmitSocketEvent',
      'registerFailoverHandlers',
      'HttpResponse',
      'HttpPipeline',
      'Cascade',
      'createMiddleware',
      'serve',
      'commandRoutes',
      'logRequests',
    ];
    const missing = names.filter((n) => !(n in byName));
    expect(missing).toEqual([]);
  });
});
