import { Message } from '../../message';

/** A message waiting in a queue, and whether a consumer held it before. */
export interface QueuedMessage {
  message: Message;
  redelivered: boolean;
}

/** A consumer as the broker sees it: how many it may hold, and how to hand it one. */
export interface BrokerConsumer {
  prefetch: number;
  unsettled: number;
  active: boolean;
  deliver(entry: QueuedMessage): void;
}

interface BrokerQueue {
  messages: QueuedMessage[];
  consumers: BrokerConsumer[];
  next: number;
}

/**
 * A copy of `message` that shares nothing mutable with it, so that a consumer changing a
 * header cannot change what another queue holds.
 */
export function copyMessage(message: Message, header: Partial<Message['header']> = {}): Message {
  const source = message.header;
  return new Message({ ...source, ...header, bag: { ...source.bag, ...(header.bag ?? {}) } }, message.body);
}

/**
 * True where a routing key matches an AMQP topic binding key: words split on '.', `*` is exactly
 * one word, `#` zero or more.
 */
export function topicMatches(binding: string, topic: string): boolean {
  if (binding === topic || binding === '#') return true;
  return matchWords(binding.split('.'), 0, topic.split('.'), 0);
}

function matchWords(pattern: string[], p: number, words: string[], w: number): boolean {
  if (p === pattern.length) return w === words.length;
  if (pattern[p] === '#') {
    for (let skip = w; skip <= words.length; skip++) if (matchWords(pattern, p + 1, words, skip)) return true;
    return false;
  }
  if (w === words.length) return false;
  return (pattern[p] === '*' || pattern[p] === words[w]) && matchWords(pattern, p + 1, words, w + 1);
}

/**
 * The shared state of the embedded transport: one topic exchange, its bindings and its queues.
 * Every `InMemoryTransport` made with the same broker is a connection to it: they publish to
 * and consume from the same queues, so several of them compete for a queue's messages.
 */
export class InMemoryBroker {
  private readonly queues = new Map<string, BrokerQueue>();
  private readonly bindings: Array<{ pattern: string; queue: string }> = [];
  private drainScheduled: ReturnType<typeof setImmediate> | undefined;

  /** Routes `message` to every queue bound to its topic; none bound: it is dropped, as a broker does. */
  publish(message: Message): number {
    const seen = new Set<string>();
    for (const { pattern, queue } of this.bindings) {
      if (seen.has(queue) || !topicMatches(pattern, message.header.topic)) continue;
      seen.add(queue);
      this.enqueue(queue, { message: copyMessage(message), redelivered: false });
    }
    return seen.size;
  }

  /** Declares `queue` (idempotent) and, when given, binds it to `topic`. */
  declare(queue: string, topic?: string): void {
    if (!this.queues.has(queue)) this.queues.set(queue, { messages: [], consumers: [], next: 0 });
    if (topic !== undefined && !this.bindings.some((b) => b.queue === queue && b.pattern === topic)) {
      this.bindings.push({ pattern: topic, queue });
    }
  }

  has(queue: string): boolean {
    return this.queues.has(queue);
  }

  /** The messages waiting in `queue` (not those held by consumers), oldest first. */
  peek(queue: string): Message[] {
    return (this.queues.get(queue)?.messages ?? []).map((entry) => entry.message);
  }

  /** Appends to `queue` (declaring it if needed) and hands messages to its consumers. */
  enqueue(queue: string, entry: QueuedMessage, atFront = false): void {
    this.declare(queue);
    const q = this.queues.get(queue)!;
    if (atFront) q.messages.unshift(entry);
    else q.messages.push(entry);
    this.scheduleDrain();
  }

  addConsumer(queue: string, consumer: BrokerConsumer): void {
    this.queues.get(queue)!.consumers.push(consumer);
    this.scheduleDrain();
  }

  removeConsumer(queue: string, consumer: BrokerConsumer): void {
    const q = this.queues.get(queue);
    if (q) q.consumers = q.consumers.filter((c) => c !== consumer);
  }

  /** A consumer settled one: it may take another. */
  settled(): void {
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = setImmediate(() => {
      this.drainScheduled = undefined;
      for (const q of this.queues.values()) this.drainQueue(q);
    });
  }

  // Round-robin over the consumers with room under their prefetch.
  private drainQueue(q: BrokerQueue): void {
    while (q.messages.length > 0 && q.consumers.length > 0) {
      const consumer = this.nextConsumer(q);
      if (!consumer) return;
      const entry = q.messages.shift()!;
      consumer.unsettled++;
      consumer.deliver(entry);
    }
  }

  private nextConsumer(q: BrokerQueue): BrokerConsumer | undefined {
    for (let i = 0; i < q.consumers.length; i++) {
      const consumer = q.consumers[(q.next + i) % q.consumers.length];
      if (consumer.active && consumer.unsettled < consumer.prefetch) {
        q.next = (q.next + i + 1) % q.consumers.length;
        return consumer;
      }
    }
    return undefined;
  }
}
