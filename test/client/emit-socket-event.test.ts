// EmitSocketEvent through a real CommandProcessor pipeline, decorated with RequestLogging and
// UseResiliencePipeline, against a real FailoverClient and socket.io server.
import { ConstantBackoff, handleAll, retry } from 'cockatiel';
import { container as rootContainer } from 'tsyringe';
import { FailoverClient } from '../../src/client';
import { registerFailoverHandlers } from '../../src/client';
import type { Logger } from '../../src/core';
import { CommandProcessor, SubscriberRegistry } from '../../src/processor';
import { FailoverClientNotRegisteredError } from '../../src/client';
import { FailoverHub } from '../../src/client';
import { EmitSocketEvent, EmitSocketEventHandler, SocketRequestHandler } from '../../src/client';
import { RequestLogging, ResiliencePipelineRegistry, UseResiliencePipeline } from '../../src/steps';
import { Command, RequestHandler, type Request, type ResultOf } from '../../src/requests';
import { HandlerTiming, pipelineStep } from '../../src/pipeline';
import { startSocketServer, type TestSocketServer } from '../socket/socket-servers';

class LoggedEmit extends EmitSocketEventHandler {
  @RequestLogging({ step: 0 })
  @UseResiliencePipeline('retry', { step: 1 })
  override handle(command: EmitSocketEvent<any>) {
    return super.handle(command);
  }
}

// An After-timing step: runs only when the target handler passes on with super.handle.
const afterSeen: string[] = [];
class AfterEmit<T extends Request<any>> extends RequestHandler<T> {
  override async handle(request: T): Promise<ResultOf<T>> {
    afterSeen.push((request as unknown as EmitSocketEvent<any>).event);
    return super.handle(request);
  }
}
class AuditedEmit extends EmitSocketEventHandler {
  @pipelineStep(AfterEmit, { step: 1, timing: HandlerTiming.After })
  override handle(command: EmitSocketEvent<any>) {
    return super.handle(command);
  }
}

class Shout extends Command<void> {
  constructor(readonly text: string) {
    super();
  }
}
class ShoutHandler extends SocketRequestHandler<Shout> {
  override async handle(command: Shout) {
    this.socket.emit('shout', command.text.toUpperCase());
    return super.handle(command);
  }
}

class HubShoutHandler extends ShoutHandler {
  static failoverInstance = 'chat';
}

describe('EmitSocketEvent in a pipeline', () => {
  let server: TestSocketServer;
  let client: FailoverClient;
  const lines: string[] = [];
  const record = (level: string) => (obj: object | string, msg?: string) =>
    lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };

  beforeAll(async () => {
    server = await startSocketServer((socket) => {
      socket.on('save', (doc: { title: string }, ack: (r: unknown) => void) => ack({ saved: doc.title }));
    });
    client = new FailoverClient({
      environments: {
        production: {
          apiUrl: server.url,
          apiKey: 'pipeline-key-789',
          enableSocket: true,
          socketOptions: { transports: ['websocket'] },
        },
      },
      initialEnvironment: 'production',
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  const processorWith = (register: (s: SubscriberRegistry) => SubscriberRegistry) => {
    const container = rootContainer.createChildContainer();
    container.registerInstance(FailoverClient, client);
    const resiliencePipelines = new ResiliencePipelineRegistry().add(
      'retry',
      retry(handleAll, { maxAttempts: 2, backoff: new ConstantBackoff(10) }),
    );
    return new CommandProcessor({
      subscribers: register(new SubscriberRegistry()),
      container,
      resiliencePipelines,
      logger,
    });
  };

  it('reaches the server through RequestLogging + UseResiliencePipeline', async () => {
    const processor = processorWith((s) => s.register(EmitSocketEvent, LoggedEmit));
    expect(processor.describePipeline(EmitSocketEvent)).toEqual([
      'RequestLoggingHandler',
      'UseResiliencePipelineHandler',
      'LoggedEmit',
    ]);
    await processor.send(new EmitSocketEvent('chat', { room: 'general', text: 'hi', token: 'do-not-log' }));
    await server.waitFor('chat', 1);
    expect(server.received.find((e) => e[0] === 'chat')).toEqual([
      'chat',
      { room: 'general', text: 'hi', token: 'do-not-log' },
    ]);
    expect(lines.some((l) => l.includes('EmitSocketEvent'))).toBe(true);
    expect(lines.join('\n')).not.toContain('do-not-log');
    expect(lines.join('\n')).not.toContain('pipeline-key-789');
  });

  it('resolves to the ack with { ack: true }, and sends several args with withArgs', async () => {
    const processor = processorWith((s) => s.register(EmitSocketEvent, LoggedEmit));
    const result = await processor.send(
      new EmitSocketEvent<{ saved: string }>('save', { title: 'Doc' }, { ack: true, timeoutMs: 2_000 }),
    );
    expect(result).toEqual({ saved: 'Doc' });
    await processor.send(EmitSocketEvent.withArgs('move', 3, 4));
    await server.waitFor('move', 1);
    expect(server.received.find((e) => e[0] === 'move')).toEqual(['move', 3, 4]);
  });

  it('runs After-timing steps of a subclass, after the emit, and still returns the ack', async () => {
    afterSeen.length = 0;
    const processor = processorWith((s) => s.register(EmitSocketEvent, AuditedEmit));
    expect(processor.describePipeline(EmitSocketEvent)).toEqual(['AuditedEmit', 'AfterEmit']);
    await processor.send(new EmitSocketEvent('audited', 1));
    const result = await processor.send(
      new EmitSocketEvent<{ saved: string }>('save', { title: 'Audit' }, { ack: true, timeoutMs: 2_000 }),
    );
    expect(result).toEqual({ saved: 'Audit' });
    expect(afterSeen).toEqual(['audited', 'save']);
    await server.waitFor('audited', 1);
  });

  it('registerFailoverHandlers registers the built-in handler', async () => {
    const processor = processorWith((s) => registerFailoverHandlers(s));
    expect(processor.describePipeline(EmitSocketEvent)).toEqual(['EmitSocketEventHandler']);
    await processor.send(new EmitSocketEvent('plain', 1));
    await server.waitFor('plain', 1);
  });

  it('gives a user SocketRequestHandler this.socket, and a clear error without a registered client', async () => {
    const processor = processorWith((s) => s.register(Shout, ShoutHandler));
    await processor.send(new Shout('hey'));
    await server.waitFor('shout', 1);
    expect(server.received.find((e) => e[0] === 'shout')).toEqual(['shout', 'HEY']);

    const bare = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Shout, ShoutHandler),
      container: rootContainer.createChildContainer(),
    });
    await expect(bare.send(new Shout('x'))).rejects.toBeInstanceOf(FailoverClientNotRegisteredError);
  });

  it('uses a named FailoverHub instance with failoverInstance', async () => {
    const hub = new FailoverHub();
    const chat = hub.createInstance('chat', {
      environments: { production: { apiUrl: server.url, socketOptions: { transports: ['websocket'] } } },
    });
    try {
      const container = rootContainer.createChildContainer();
      container.registerInstance(FailoverHub, hub);
      const processor = new CommandProcessor({
        subscribers: new SubscriberRegistry().register(Shout, HubShoutHandler),
        container,
      });
      await processor.send(new Shout('via hub'));
      expect(chat.socket.bufferedCount).toBe(1); // no enableSocket: buffered until connect()
      await chat.socket.connect();
      await server.waitFor('shout', 2);
      expect(server.received.filter((e) => e[0] === 'shout').map((e) => e[1])).toEqual(['HEY', 'VIA HUB']);
    } finally {
      await hub.close();
    }
  });
});
