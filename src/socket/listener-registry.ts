import type { Socket } from 'socket.io-client';

/** A listener as socket.io calls it. */
export type SocketListener = (...args: any[]) => void;

/**
 * Every listener the user added, by event. The live socket.io socket is replaced on each switch;
 * the registry is what survives, and each new socket gets all of it.
 */
export class ListenerRegistry {
  private readonly byEvent = new Map<string, Set<SocketListener>>();

  /** Records a listener; false when it was already there (a listener is attached once). */
  add(event: string, listener: SocketListener): boolean {
    let set = this.byEvent.get(event);
    if (!set) this.byEvent.set(event, (set = new Set()));
    if (set.has(listener)) return false;
    set.add(listener);
    return true;
  }

  /** Forgets one listener, or every listener of the event; returns those removed. */
  remove(event: string, listener?: SocketListener): SocketListener[] {
    const set = this.byEvent.get(event);
    if (!set) return [];
    if (listener === undefined) {
      this.byEvent.delete(event);
      return [...set];
    }
    if (!set.delete(listener)) return [];
    if (set.size === 0) this.byEvent.delete(event);
    return [listener];
  }

  /** Attaches every recorded listener to a fresh socket. */
  attachAll(socket: Socket): void {
    for (const [event, set] of this.byEvent) {
      for (const listener of set) socket.on(event, listener);
    }
  }
}
