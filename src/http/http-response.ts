import type { IncomingHttpHeaders } from 'node:http';

/**
 * An answer from one environment, with its body already read (the whole exchange happens inside the
 * attempt's timeout). Body accessors are async like fetch's, so code moves over unchanged.
 *
 * @example
 * ```ts
 * const res = await client.http.request({ endpoint: '/users/1' });
 * if (res.ok) console.log(res.environment, await res.json());
 * ```
 */
export class HttpResponse {
  constructor(
    /** The HTTP status code. */
    readonly status: number,
    /** Response headers, lower-case names. */
    readonly headers: IncomingHttpHeaders,
    /** The environment that answered. */
    readonly environment: string,
    private readonly body: Uint8Array,
  ) {}

  /** True for 2xx. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The body decoded as UTF-8. */
  async text(): Promise<string> {
    const body = this.body;
    // Bodies read from the network are Buffers already: no view to make.
    return (
      Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    ).toString('utf8');
  }

  /** The body parsed as JSON. */
  async json<T = unknown>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }

  /** The raw body. */
  async bytes(): Promise<Uint8Array> {
    return this.body;
  }
}
