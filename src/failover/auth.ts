import { inspect } from 'node:util';
import { AuthType, type BearerTokenSource } from './environment-config';
import { BearerTokenProviderError } from './errors';
import { scrubTokenLike, scrubbedError, type SecretScrubber } from './secret-scrubber';

/** How many provider-issued tokens are remembered so they can be scrubbed from errors and logs. */
const REMEMBERED_TOKENS = 8;

/**
 * One environment's credentials, resolved once at construction: header names are fixed and
 * lower-cased, static values pre-built, so the hot path only copies strings.
 */
export class EnvironmentAuth {
  /** Header carrying the bearer token (or, for ApiKey, the key). */
  readonly primaryHeader: string;
  /** For Both: the header the API key goes in on the 401 retry. */
  readonly apiKeyHeader: string;
  /** The primary header's value when it is known without calling a provider. */
  private readonly staticPrimary: string | undefined;
  /** `{ [primaryHeader]: value }`, frozen, when the credential is static: shared by every request. */
  readonly staticHeaders: Readonly<Record<string, string>> | undefined;
  private readonly provider: (() => string | Promise<string>) | undefined;
  private readonly recentTokens: string[] = [];

  constructor(
    readonly environment: string,
    readonly type: AuthType,
    private readonly apiKey: string | undefined,
    private readonly bearerToken: BearerTokenSource | undefined,
    customHeader: string | undefined,
    private readonly scrubber: SecretScrubber,
  ) {
    scrubber.add(() => this.secrets());
    const custom = customHeader?.toLowerCase();
    this.apiKeyHeader = custom ?? 'x-api-key';
    this.primaryHeader = type === AuthType.ApiKey ? this.apiKeyHeader : (custom ?? 'authorization');
    if (type === AuthType.ApiKey) this.staticPrimary = apiKey;
    else if ((type === AuthType.Bearer || type === AuthType.Both) && typeof bearerToken === 'string')
      this.staticPrimary = `Bearer ${bearerToken}`;
    this.provider = typeof bearerToken === 'function' ? bearerToken : undefined;
    this.staticHeaders =
      this.staticPrimary === undefined
        ? undefined
        : Object.freeze({ [this.primaryHeader]: this.staticPrimary });
  }

  /** True when a request carries credentials at all. */
  get enabled(): boolean {
    return this.type !== AuthType.None;
  }

  /** True for Both: a 401 is retried once with the API key. */
  get retryWithApiKeyOn401(): boolean {
    return this.type === AuthType.Both;
  }

  /** The primary header's value; a string when static, a promise when a token provider must be asked. */
  primaryValue(): string | Promise<string> {
    if (this.staticPrimary !== undefined) return this.staticPrimary;
    return this.freshToken().then((token) => `Bearer ${token}`);
  }

  /** The API key (Both's 401 retry and socket auth). */
  apiKeyValue(): string | undefined {
    return this.apiKey;
  }

  /**
   * A bearer token: the static one, or a fresh one from the provider (called every time). A provider
   * that fails throws BearerTokenProviderError, its own error kept only as a scrubbed `cause`.
   */
  async freshToken(): Promise<string> {
    if (typeof this.bearerToken === 'string') return this.bearerToken;
    let token: unknown;
    try {
      token = await this.provider!();
    } catch (error) {
      const cause = scrubbedError(error, (text) => scrubTokenLike(this.scrubber.scrub(text)));
      throw new BearerTokenProviderError(this.environment, 'failed', { cause });
    }
    if (typeof token !== 'string' || token.length === 0) {
      throw new BearerTokenProviderError(this.environment, 'returned no token');
    }
    if (!this.recentTokens.includes(token)) {
      this.recentTokens.push(token);
      if (this.recentTokens.length > REMEMBERED_TOKENS) this.recentTokens.shift();
    }
    return token;
  }

  /** What `console.log` and `JSON.stringify` show: the scheme and header, never a value. */
  toJSON(): object {
    return { environment: this.environment, type: this.type, header: this.primaryHeader };
  }

  [inspect.custom](): string {
    return `EnvironmentAuth ${inspect(this.toJSON())}`;
  }

  /** Every secret value known for this environment, for scrubbing text. */
  secrets(): string[] {
    const out = [...this.recentTokens];
    if (this.apiKey) out.push(this.apiKey);
    if (typeof this.bearerToken === 'string') out.push(this.bearerToken);
    return out;
  }
}
