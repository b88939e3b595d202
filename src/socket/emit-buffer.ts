import { SocketBufferOverflowError } from './errors';
import type { SocketListener } from './listener-registry';

/**
 * Emits waiting for a connection, as `[event, ...args]` (an ack callback last), oldest first,
 * bounded by `maxBufferedEmits`. What a closing connection still held is put back at the front.
 */
export class EmitBuffer {
  private entries: unknown[][] = [];
  /** Emits waiting. A plain field, not a getter: the emit fast path reads it on every call. */
  size = 0;

  constructor(private readonly limit: number) {}

  /** Queues an emit; a full buffer refuses it with a SocketBufferOverflowError (nothing is dropped). */
  push(event: string, args: unknown[]): void {
    if (this.entries.length >= this.limit) throw new SocketBufferOverflowError(event, this.limit);
    args.unshift(event);
    this.size = this.entries.push(args);
  }

  /** Puts `older` (emitted before anything buffered now) at the front, in its order; never refused. */
  prepend(older: unknown[][]): void {
    if (older.length === 0) return;
    this.entries = older.concat(this.entries);
    this.size = this.entries.length;
  }

  /** Everything buffered, oldest first; the buffer is left empty. */
  takeAll(): unknown[][] {
    const entries = this.entries;
    this.entries = [];
    this.size = 0;
    return entries;
  }

  /**
   * Forgets the entry whose ack callback (its last element) is `ack`: an emitWithAck that timed out
   * or was aborted before it was sent. False when it is not here.
   */
  remove(ack: SocketListener): boolean {
    const entries = this.entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry[entry.length - 1] === ack) {
        entries.splice(i, 1);
        this.size = entries.length;
        return true;
      }
    }
    return false;
  }
}
