import type { DependencyContainer } from 'tsyringe';
import type { Logger } from '../core';
import { ServiceKey } from './service-key';

/** The processor's logger (pino-shaped). `context.logger` reads it. */
export const LOGGER = new ServiceKey<Logger>('logger');

/** The processor's tsyringe container; handlers are made through it. `context.container` reads it. */
export const CONTAINER = new ServiceKey<DependencyContainer>('container');
