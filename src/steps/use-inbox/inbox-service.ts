import { RequestContext, ServiceKey } from '../../requests';
import type { Inbox } from './inbox';

/** The processor's inbox (its `inbox` option); `context.inbox` reads it. */
export const INBOX = new ServiceKey<Inbox>('inbox');

declare module '../../requests/request-context' {
  interface RequestContext {
    /** The sending processor's inbox, where `@UseInbox` records handled requests. */
    readonly inbox?: Inbox;
  }
}
RequestContext.exposeService('inbox', INBOX);
