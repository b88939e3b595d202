import { connect, type ChannelModel } from 'amqplib';
import { fromAmqp } from '../../../../src/bus/transports/rabbitmq/rabbitmq-codec';
import type { Message } from '../../../../src/bus/message';

/** A bare amqplib connection for the test's own view of the broker: declare, bind, drain. */
export class BrokerProbe {
  private constructor(private readonly model: ChannelModel) {}

  static async open(url: string): Promise<BrokerProbe> {
    return new BrokerProbe(await connect(url));
  }

  /** A durable queue bound to `topic` on `exchange` (declared durable topic too). */
  async bind(exchange: string, queue: string, topic: string): Promise<void> {
    const channel = await this.model.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, topic);
    await channel.close();
  }

  /** Takes every message waiting in `queue` (acknowledging them). */
  async drain(queue: string): Promise<Array<{ message: Message; persistent: boolean }>> {
    const channel = await this.model.createChannel();
    const out: Array<{ message: Message; persistent: boolean }> = [];
    for (;;) {
      const got = await channel.get(queue, { noAck: true });
      if (!got) break;
      out.push({ message: fromAmqp(got), persistent: got.properties.deliveryMode === 2 });
    }
    await channel.close();
    return out;
  }

  async cleanUp(exchange: string, queues: string[]): Promise<void> {
    const channel = await this.model.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
    await channel.close();
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.floor(Math.random() * 1e9)}`;
}
