import { RabbitMQTransport } from '../../src';
import { requireService } from '../support/services';
import { describeTransportConformance } from './conformance';

describeTransportConformance('RabbitMQTransport', () => {
  const url = requireService('amqpUrl');
  return { connect: () => new RabbitMQTransport({ url, exchange: 'matryoshka-conformance' }) };
});
