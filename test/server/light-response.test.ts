// serve's opt-in overrideGlobalResponse: plain `new Response(…)` handlers get FastResponses.
import { fastStateOf } from '../../src/server/fast-response';
import { rawRequest, Servers } from './helpers';

const servers = new Servers();
afterEach(() => servers.closeAll());

const NativeResponse = globalThis.Response;
const GET = 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

describe('serve with overrideGlobalResponse', () => {
  it('makes a plain new Response(…) a FastResponse while the server runs, and restores Response on close', async () => {
    let built: Response | undefined;
    const server = await servers.start(
      () => (built = new Response('héllo', { status: 201, headers: { 'x-a': '1' } })),
      { overrideGlobalResponse: true },
    );
    const res = await rawRequest(server.port, GET);
    expect(res.statusLine).toBe('HTTP/1.1 201 Created');
    expect(Buffer.from(res.body, 'latin1').toString('utf8')).toBe('héllo');
    expect(res.header('content-length')).toBe('6');
    expect(res.header('content-type')).toBe('text/plain;charset=UTF-8');
    expect(res.header('x-a')).toBe('1');
    expect(fastStateOf(built!)).toBeDefined();
    await servers.closeAll();
    expect(globalThis.Response).toBe(NativeResponse);
    expect(fastStateOf(new Response('x'))).toBeUndefined();
  });

  it('leaves Response native without the option', async () => {
    let built: Response | undefined;
    const server = await servers.start(() => (built = new Response('x')));
    await rawRequest(server.port, GET);
    expect(fastStateOf(built!)).toBeUndefined();
  });

  it('keeps instanceof, the statics and subclasses of Response working', async () => {
    await servers.start(() => new Response('x'), { overrideGlobalResponse: true });
    const fetched = await fetch('data:text/plain,hi');
    expect(fetched).toBeInstanceOf(Response);
    expect(new Response('x')).toBeInstanceOf(Response);
    expect(new Response('x')).toBeInstanceOf(NativeResponse);
    expect(await Response.json({ a: 1 }).json()).toEqual({ a: 1 });
    expect(Response.redirect('http://example.test/', 302).headers.get('location')).toBe(
      'http://example.test/',
    );
    expect(Response.error().type).toBe('error');
    class Mine extends Response {
      mine(): string {
        return 'mine';
      }
    }
    const mine = new Mine('body');
    expect(mine.mine()).toBe('mine');
    expect(await mine.text()).toBe('body');
    expect(await Response.prototype.text.call(new Response('direct'))).toBe('direct');
    expect(() => (Response as unknown as () => Response)()).toThrow(TypeError);
  });

  it('stays on until the last server using it closes', async () => {
    const first = await servers.start(() => new Response('x'), { overrideGlobalResponse: true });
    const second = await servers.start(() => new Response('x'), { overrideGlobalResponse: true });
    await first.close();
    expect(globalThis.Response).not.toBe(NativeResponse);
    await second.close();
    expect(globalThis.Response).toBe(NativeResponse);
  });
});
