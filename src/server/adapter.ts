// What one `serve` call shares with the functions that handle its requests (handle-request.ts,
// request-target.ts, write-response.ts): its settings and the little state that changes.
import type { Logger } from '../core';
import type { HttpHandler } from './types';

export interface Adapter {
  readonly handler: HttpHandler;
  /** `X-Powered-By` value, or null for none. */
  readonly poweredBy: string | null;
  readonly maxBodyBytes: number;
  readonly logger: Logger;
  /** Host header values already checked, and whether each can be a URL host. */
  readonly validHosts: Map<string, boolean>;
  /** The last Host header value found valid (the common case: the same one again). */
  lastHost: string | undefined;
  /** `host:port` for requests without a Host header; the port is known once listening. */
  authority: string;
  /** Set by close(): every response from then on says `Connection: close`. */
  closing: boolean;
}
