import { REDACTED, declareSecretNames, redactSecrets, scrubSecrets } from '../../src/core';

describe('redactSecrets', () => {
  it('replaces secret-named values at any depth and keeps the rest', () => {
    const out = redactSecrets({
      user: 'ada',
      password: 'pw',
      nested: { apiKey: 'k', list: [{ authToken: 't', note: 'kept' }] },
      headers: new Map([['Authorization', 'Bearer x']]),
    });
    expect(out).toEqual({
      user: 'ada',
      password: REDACTED,
      nested: { apiKey: REDACTED, list: [{ authToken: REDACTED, note: 'kept' }] },
      headers: { Authorization: REDACTED },
    });
  });

  it('summarises binary bodies instead of walking them byte by byte', () => {
    expect(redactSecrets({ body: Buffer.alloc(1024 * 1024) })).toEqual({ body: '[1048576 bytes]' });
    expect(redactSecrets({ body: new Uint8Array(5) })).toEqual({ body: '[5 bytes]' });
    expect(redactSecrets({ body: new ArrayBuffer(3) })).toEqual({ body: '[3 bytes]' });
  });

  it('shows query parameters and signals as what they are', () => {
    expect(redactSecrets({ query: new URLSearchParams('a=1&token=s') })).toEqual({
      query: { a: '1', token: REDACTED },
    });
    expect(redactSecrets({ signal: new AbortController().signal })).toEqual({ signal: '[AbortSignal]' });
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactSecrets(a)).toEqual({ name: 'a', self: '[Circular]' });
  });
});

describe('scrubSecrets', () => {
  it('removes each known secret from a text and ignores very short ones', () => {
    expect(scrubSecrets('key=abc123 and x', ['abc123', 'x', undefined])).toBe(`key=${REDACTED} and x`);
  });
});

describe('credential names and values', () => {
  it('redacts credential-like field names, case-insensitive and nested', () => {
    const out = redactSecrets({
      user: { credentials: 'c1', Bearer: 'b1', apiKey: 'k1', api_key: 'k2', access_token: 't1' },
      refresh_token: 't2',
      JWT: 'j',
      session: 's',
      private_key: 'p',
      'X-Svc-Auth': 'x',
      author: 'Ada',
    });
    expect(out).toEqual({
      user: {
        credentials: REDACTED,
        Bearer: REDACTED,
        apiKey: REDACTED,
        api_key: REDACTED,
        access_token: REDACTED,
      },
      refresh_token: REDACTED,
      JWT: REDACTED,
      session: REDACTED,
      private_key: REDACTED,
      'X-Svc-Auth': REDACTED,
      author: 'Ada',
    });
  });

  it('redacts a Bearer value under any name', () => {
    expect(redactSecrets({ headers: { 'X-Forward': 'Bearer abc.def' } })).toEqual({
      headers: { 'X-Forward': REDACTED },
    });
  });

  it('redacts names declared secret at run time', () => {
    declareSecretNames(['X-Tenant-Signature']);
    expect(redactSecrets({ headers: { 'x-tenant-signature': 'sig' } })).toEqual({
      headers: { 'x-tenant-signature': REDACTED },
    });
  });
});
