// Pins the undici behaviours src/server relies on (issue 10: no reliance on a dependency's
// private internals unless a test pins it). If an undici update changes either, these fail loudly:
// FastResponse / the request serve reads (native-stand-in.ts) and the plain-Response write path
// (response-head.ts) must then be revisited.
import { delegateToNative } from '../../src/server/native-stand-in';

describe("undici's internals that src/server relies on", () => {
  it('a Response and a Request keep their state under own symbol-keyed properties', () => {
    expect(Object.getOwnPropertySymbols(new Response(null)).length).toBeGreaterThan(0);
    expect(Object.getOwnPropertySymbols(new Request('http://x/')).length).toBeGreaterThan(0);
  });

  it("undici's methods accept an object that inherits Response.prototype and forwards those symbols", async () => {
    class StandIn {
      real: Response | undefined;
    }
    delegateToNative(
      StandIn,
      Response,
      new Response(null),
      (self) => (self.real ??= new Response('via stand-in', { status: 203 })),
    );
    const standIn = new StandIn() as unknown as Response;
    expect(standIn).toBeInstanceOf(Response);
    expect(await Response.prototype.text.call(new StandIn())).toBe('via stand-in');
    const rebuilt = new Response(standIn.body, standIn);
    expect(rebuilt.status).toBe(203);
    expect(await rebuilt.text()).toBe('via stand-in');
    expect(await (new StandIn() as unknown as Response).clone().text()).toBe('via stand-in');
  });

  it("undici's Request accepts a stand-in for a Request as its input", async () => {
    class StandIn {
      real: Request | undefined;
    }
    delegateToNative(
      StandIn,
      Request,
      new Request('http://localhost/'),
      (self) =>
        (self.real ??= new Request('http://example.test/a', {
          method: 'POST',
          body: 'b',
          duplex: 'half',
        } as RequestInit)),
    );
    const copy = new Request(new StandIn() as unknown as Request);
    expect(copy.url).toBe('http://example.test/a');
    expect(copy.method).toBe('POST');
    expect(await copy.text()).toBe('b');
  });

  it.each([
    ['a string', 'hello', 'hello'],
    ['bytes', new Uint8Array([1, 2]), new Uint8Array([1, 2])],
  ])(
    "a Response keeps %s body's original value as state.body.source (read by response-head.ts)",
    (_kind, body, source) => {
      const response = new Response(body);
      const state = Object.getOwnPropertySymbols(response).find((s) => s.description === 'state');
      expect(state).toBeDefined();
      expect((response as any)[state!].body.source).toEqual(source);
    },
  );

  it("undici's Headers, Request and Response take a Headers stand-in as init by iterating it", () => {
    // request-headers.ts and response-headers.ts stand in for Headers this way; undici keeps a
    // Headers' list in a private field, so its own methods called on a stand-in would not work.
    class StandIn {
      real: Headers | undefined;
    }
    delegateToNative(
      StandIn,
      Headers,
      new Headers(),
      (self) =>
        (self.real ??= new Headers([
          ['x-a', '1'],
          ['set-cookie', 's=1'],
          ['set-cookie', 't=2'],
        ])),
      true,
    );
    const init = (): Headers => new StandIn() as unknown as Headers;
    expect(init()).toBeInstanceOf(Headers);
    expect(new Headers(init()).getSetCookie()).toEqual(['s=1', 't=2']);
    expect(new Response(null, { headers: init() }).headers.get('x-a')).toBe('1');
    expect(new Request('http://x/', { headers: init() }).headers.get('x-a')).toBe('1');
  });
});
