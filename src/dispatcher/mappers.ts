import type { MessageMapper } from '../bus/message';
import { MessageMapperRegistry } from '../bus/message-mapper-registry';
import type { CommandProcessor } from '../processor';
import type { RequestClass } from '../requests';
import { DispatcherConfigurationError } from './errors';

/** Finds the mapper of a request type: a MessageMapperRegistry, or anything with `mapperFor`. */
export interface MapperLookup {
  mapperFor(requestType: RequestClass): MessageMapper;
}

/** The dispatcher's mappers: its own option, else the processor's bus's, else the JSON default. */
export function mapperLookup(processor: CommandProcessor, given?: MapperLookup): MapperLookup {
  if (given === undefined) return processor.bus?.mappers ?? new MessageMapperRegistry();
  if (typeof given?.mapperFor !== 'function') {
    throw new DispatcherConfigurationError(
      'Dispatcher: options.mappers must be a MessageMapperRegistry (or anything with mapperFor(requestType)).',
    );
  }
  return given;
}
