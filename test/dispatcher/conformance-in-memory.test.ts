import { InMemoryTransport } from '../../src/bus/transports/in-memory';
import { describeTransportConformance } from './conformance';

describeTransportConformance('InMemoryTransport', () => {
  const broker = new InMemoryTransport();
  return { connect: () => broker.connect() };
});
