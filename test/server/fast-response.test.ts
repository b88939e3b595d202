// FastResponse behaves as a Response wherever one is expected.
import { FastResponse } from '../../src/server';

describe('FastResponse', () => {
  it('is a Response with the same defaults', async () => {
    const fast = new FastResponse('héllo', { status: 201, statusText: 'Created', headers: { 'x-a': '1' } });
    const real = new Response('héllo', { status: 201, statusText: 'Created', headers: { 'x-a': '1' } });
    expect(fast).toBeInstanceOf(Response);
    expect([fast.status, fast.statusText, fast.ok, fast.type, fast.url, fast.redirected]).toEqual([
      real.status,
      real.statusText,
      real.ok,
      real.type,
      real.url,
      real.redirected,
    ]);
    expect([...(fast.headers as any).entries()]).toEqual([...(real.headers as any).entries()]);
    expect(fast.bodyUsed).toBe(false);
    expect(await fast.text()).toBe('héllo');
    expect(fast.bodyUsed).toBe(true);
  });

  it('keeps header changes made before the body is read', async () => {
    const fast = new FastResponse(new Uint8Array([104, 105]));
    fast.headers.set('x-later', 'yes');
    const copy = fast.clone();
    expect(copy.headers.get('x-later')).toBe('yes');
    expect(await copy.text()).toBe('hi');
    expect(fast.headers.get('content-type')).toBeNull(); // bytes get no default type, as with Response
  });

  it("changes its headers by undici's rules without building undici's Headers", () => {
    const inits: ResponseInit['headers'][] = [
      undefined,
      { 'X-A': ' 1 ', Cookie: 'a=1' },
      [
        ['x-a', '1'],
        ['Set-Cookie', 's=1'],
        ['set-cookie', 't=2'],
        ['content-type', 'text/html'],
      ],
      new Headers({ 'x-h': 'h' }),
    ];
    const script = (h: Headers): unknown[] => {
      const seen: unknown[] = [];
      const tryIt = (f: () => unknown): void => {
        try {
          seen.push(f());
        } catch (err) {
          seen.push((err as Error).name);
        }
      };
      tryIt(() => h.get('X-A'));
      h.append('x-a', '\t2 ');
      h.append('cookie', 'b=2');
      h.append('set-cookie', 'u=3');
      tryIt(() => [h.get('x-a'), h.get('cookie'), h.get('set-cookie'), h.has('Content-Type')]);
      h.set('X-B', 'b');
      h.delete('x-h');
      tryIt(() => [h.get('x-b'), h.has('x-h'), h.get('content-type')]);
      tryIt(() => h.set('bad name', 'v'));
      tryIt(() => h.set('x-c', 'a\r\nb'));
      tryIt(() => h.get('x-c'));
      seen.push([...(h as any).entries()], h.getSetCookie());
      return seen;
    };
    for (const init of inits) {
      expect(script(new FastResponse('body', { headers: init }).headers)).toEqual(
        script(new Response('body', { headers: init }).headers),
      );
    }
    const fast = new FastResponse(null, { headers: { 'x-a': '1' } });
    fast.headers.set('x-b', '2');
    expect(fast.headers).toBeInstanceOf(Headers);
    expect(new Response(null, { headers: fast.headers }).headers.get('x-b')).toBe('2');
  });

  it('works where undici wants a genuine Response', async () => {
    const fast = new FastResponse('body', { status: 202, headers: { 'x-a': '1' } });
    const rebuilt = new Response(fast.body, fast);
    expect(rebuilt.status).toBe(202);
    expect(rebuilt.headers.get('x-a')).toBe('1');
    expect(await rebuilt.text()).toBe('body');
    expect(await Response.prototype.text.call(new FastResponse('direct'))).toBe('direct');
  });

  it('has json() and refuses what Response refuses', async () => {
    const res = FastResponse.json({ a: 1 }, { status: 201 });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ a: 1 });
    expect(() => new FastResponse('x', { status: 99 })).toThrow(RangeError);
    expect(() => new FastResponse('x', { status: 204 })).toThrow(TypeError);
    expect(new FastResponse(null, { status: 204 }).status).toBe(204);
  });

  it('hands other body kinds to a real Response', async () => {
    const res = new FastResponse(new URLSearchParams({ q: 'a b' }));
    expect(res.headers.get('content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(await res.text()).toBe('q=a+b');
  });
});

// FastResponse and the request serve reads share one delegation helper (native-stand-in.ts):
// whichever module loads first, both must come out whole.
describe('the Request/Response stand-ins, whatever module loads first', () => {
  it.each([['native-stand-in'], ['fast-response'], ['read-request']])('loading %s first', (first) =>
    jest.isolateModulesAsync(async () => {
      await import(`../../src/server/${first}`);
      const { FastResponse: Fast } = await import('../../src/server/fast-response');
      const response = new Fast('ok', { status: 201 });
      expect(response).toBeInstanceOf(Response);
      expect(typeof response.arrayBuffer).toBe('function');
      expect(new Response(response.body, response).status).toBe(201);
    }),
  );
});
