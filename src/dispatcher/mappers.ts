import type { MessageMapper } from '../bus/message';
import type { CommandProcessor } from '../processor';
import type { RequestClass } from '../requests';
import { DispatcherConfigurationError } from './errors';

/** Finds the mapper of a request type: a MessageMapperRegistry. */
export interface MapperLookup {
  mapperFor(requestType: RequestClass): MessageMapper;
}

/** The dispatcher's mappers: its own option, else the processor's bus's, else the JSON default. */
export function mapperLookup(processor: CommandProcessor, given?: MapperLookup): MapperLookup {
  if (given) {
    if (typeof given.mapperFor !== 'function') {
      throw new DispatcherConfigurationError(
        'Dispatcher: options.mappers must be a MessageMapperRegistry (with mapperFor).',
      );
    }
    return given;
  }
  const bus = (processor as { bus?: { mappers?: MapperLookup } }).bus;
  if (bus?.mappers) return bus.mappers;
  throw new DispatcherConfigurationError(
    'Dispatcher: no mappers (pass options.mappers, or a processor with a bus).',
  );
}
