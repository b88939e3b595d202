import { Writable } from 'node:stream';
import pino from 'pino';
import {
  Command,
  CommandProcessor,
  RequestHandler,
  RequestLogging,
  SubscriberRegistry,
  declareSecretNames,
} from '../../src';
import { CaptureLogger } from '../support/capture-logger';

class Login extends Command<string> {
  constructor(
    readonly user: string,
    readonly password: string,
    readonly nested = { apiKey: 'k-12345', note: 'kept' },
  ) {
    super();
  }
}
class LoginHandler extends RequestHandler<Login> {
  @RequestLogging({ step: 0 })
  override async handle(command: Login) {
    if (command.user === 'mallory') throw new Error('denied');
    return `welcome ${command.user}`;
  }
}
const processorWith = (logger: any) =>
  new CommandProcessor({ subscribers: new SubscriberRegistry().register(Login, LoginHandler), logger });

describe('RequestLogging', () => {
  it('logs entry with the request (secrets redacted) and exit with elapsed ms', async () => {
    const logger = new CaptureLogger();
    const command = new Login('ada', 'hunter2-secret');
    await expect(processorWith(logger).send(command)).resolves.toBe('welcome ada');
    expect(logger.lines).toHaveLength(2);
    const [entry, exit] = logger.lines as { obj: any; msg: string }[];
    expect(entry.obj).toMatchObject({ requestType: 'Login', requestId: command.id, handler: 'LoginHandler' });
    expect(entry.obj.request).toMatchObject({
      user: 'ada',
      password: '[REDACTED]',
      nested: { apiKey: '[REDACTED]', note: 'kept' },
    });
    expect(exit.obj.elapsedMs).toEqual(expect.any(Number));
    expect(logger.text).not.toContain('hunter2-secret');
    expect(logger.text).not.toContain('k-12345');
  });

  it('logs a failure and rethrows it', async () => {
    const logger = new CaptureLogger();
    await expect(processorWith(logger).send(new Login('mallory', 'pw-secret-1'))).rejects.toThrow('denied');
    expect(logger.lines.map((l) => l.level)).toEqual(['info', 'error']);
    expect(logger.lines[1].msg).toBe('Login failed');
    expect(logger.text).not.toContain('pw-secret-1');
  });

  it('writes JSON lines through a real pino logger', async () => {
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    await processorWith(pino(sink)).send(new Login('grace', 'pw-secret-2'));
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.msg)).toEqual(['handling Login', 'handled Login']);
    expect(lines[0].request.password).toBe('[REDACTED]');
    expect(chunks.join('')).not.toContain('pw-secret-2');
  });

  it('skips the work when pino says info is off', async () => {
    const chunks: string[] = [];
    const sink = new Writable({ write: (c, _e, d) => (chunks.push(String(c)), d()) });
    await expect(processorWith(pino({ level: 'warn' }, sink)).send(new Login('ada', 'x'))).resolves.toBe(
      'welcome ada',
    );
    expect(chunks).toEqual([]);
  });

  it("redacts an auth header's Bearer value and a credentials field, nested in the request", async () => {
    class CallUpstream extends Command<string> {
      constructor(
        readonly endpoint: string,
        readonly headers: Record<string, string>,
        readonly credentials: string,
      ) {
        super();
      }
    }
    class CallUpstreamHandler extends RequestHandler<CallUpstream> {
      @RequestLogging({ step: 0 })
      override async handle() {
        return 'called';
      }
    }
    const logger = new CaptureLogger();
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(CallUpstream, CallUpstreamHandler),
      logger,
    });
    const command = new CallUpstream(
      '/orders',
      { 'X-Svc-Auth': 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig-77', Accept: 'application/json' },
      'svc-user:pa55-w0rd-91',
    );
    await expect(processor.send(command)).resolves.toBe('called');
    expect(logger.text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(logger.text).not.toContain('pa55-w0rd-91');
    const entry = logger.lines[0].obj as { request: any };
    expect(entry.request).toMatchObject({
      endpoint: '/orders',
      headers: { 'X-Svc-Auth': '[REDACTED]', Accept: 'application/json' },
      credentials: '[REDACTED]',
    });
  });

  it('redacts a header declared secret at run time (an environment’s customAuthHeader)', async () => {
    declareSecretNames(['X-Dev-Key']);
    class Ping extends Command<string> {
      constructor(readonly headers: Record<string, string>) {
        super();
      }
    }
    class PingHandler extends RequestHandler<Ping> {
      @RequestLogging({ step: 0 })
      override async handle() {
        return 'pong';
      }
    }
    const logger = new CaptureLogger();
    await new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Ping, PingHandler),
      logger,
    }).send(new Ping({ 'x-dev-key': 'dev-key-4711' }));
    expect(logger.text).not.toContain('dev-key-4711');
    expect((logger.lines[0].obj as { request: any }).request.headers['x-dev-key']).toBe('[REDACTED]');
  });
});
