// Sample 7 — commands served over HTTP with `commandRoutes`, called by the failover client. The
// server side is a CommandProcessor behind routes (request → command → processor → status code),
// run by two local "environments" that share one store; the client side is a FailoverClient.
// Production goes down halfway: the next POST provably never reached it (connection refused), so
// it moves to staging although a POST is not idempotent.
import 'reflect-metadata';
import {
  Cascade,
  Command,
  CommandProcessor,
  commandRoutes,
  Event,
  FailoverClient,
  FastResponse,
  HttpPipeline,
  logRequests,
  RequestHandler,
  RequestLogging,
  RequestValidationError,
  Router,
  SubscriberRegistry,
  type Logger,
} from '../../src';
import { startLocalServer } from '../shared/local-server';

// ---- the server's commands and handlers ----------------------------------------------------

interface Todo {
  id: number;
  title: string;
  done: boolean;
}
const store: Todo[] = [];

class CreateTodo extends Command<Todo> {
  constructor(readonly title: string) {
    super();
  }
}
class CompleteTodo extends Command<void> {
  constructor(readonly todoId: number) {
    super();
  }
}
class ListTodos extends Command<Todo[]> {}
class TodoShared extends Event {
  constructor(readonly todoId: number) {
    super();
  }
}

class CreateTodoHandler extends RequestHandler<CreateTodo> {
  @RequestLogging({ step: 0 })
  override async handle(command: CreateTodo): Promise<Todo> {
    const todo = { id: store.length + 1, title: command.title, done: false };
    store.push(todo);
    return todo;
  }
}
class CompleteTodoHandler extends RequestHandler<CompleteTodo> {
  override async handle(command: CompleteTodo): Promise<void> {
    const todo = store.find((t) => t.id === command.todoId);
    if (!todo) throw new RequestValidationError(`no todo ${command.todoId}`); // → 400
    todo.done = true;
  }
}
class ListTodosHandler extends RequestHandler<ListTodos> {
  override async handle(): Promise<Todo[]> {
    return store;
  }
}
const shared: number[] = [];
class AuditShare extends RequestHandler<TodoShared> {
  override async handle(event: TodoShared): Promise<void> {
    shared.push(event.todoId);
  }
}

/** Server log lines, indented under the client's story. */
const serverLog = (env: string): Logger => {
  const line = (obj: object | string, msg?: string) =>
    console.log(`      [${env}] ${typeof obj === 'string' ? obj : msg}`);
  return { debug: () => undefined, info: line, warn: line, error: line };
};

function app(env: string, processor: CommandProcessor) {
  const routes = commandRoutes(
    processor,
    [
      {
        method: 'POST',
        path: '/todos',
        toCommand: async (request) => {
          const { title } = (await request.json()) as { title?: unknown };
          if (typeof title !== 'string' || title.trim() === '')
            throw new RequestValidationError('title is required');
          return new CreateTodo(title);
        },
      },
      {
        method: 'POST',
        path: '/todos/:id/complete',
        toCommand: (_request, info) => new CompleteTodo(Number(info.params.id)),
      },
      { method: 'GET', path: '/todos', toCommand: () => new ListTodos() },
      {
        method: 'POST',
        path: '/todos/:id/share',
        publish: true,
        toCommand: (_request, info) => new TodoShared(Number(info.params.id)),
      },
    ],
    { logger: serverLog(env) },
  );
  const health = new Router().get('/health', () => new FastResponse('ok'));
  return new HttpPipeline()
    .addMiddleware(logRequests({ logger: serverLog(env) }))
    .addHandler(new Cascade().add(health).add(routes).handler);
}

async function main() {
  const processor = new CommandProcessor({
    subscribers: new SubscriberRegistry()
      .register(CreateTodo, CreateTodoHandler)
      .register(CompleteTodo, CompleteTodoHandler)
      .register(ListTodos, ListTodosHandler)
      .register(TodoShared, AuditShare),
    logger: serverLog('processor'),
  });
  const production = await startLocalServer('production', app('production', processor));
  const staging = await startLocalServer('staging', app('staging', processor));

  const client = new FailoverClient({
    environments: { production: { apiUrl: production.url }, staging: { apiUrl: staging.url } },
    initialEnvironment: 'production',
  });
  const call = async (method: string, endpoint: string, json?: unknown) => {
    const res = await client.http.request({ method, endpoint, json });
    const text = await res.text();
    console.log(`${method} ${endpoint} → ${res.status} from ${res.environment}${text ? `  ${text}` : ''}`);
  };

  await call('POST', '/todos', { title: 'write the migration table' }); // 200 + the new todo
  await call('POST', '/todos', { title: '' }); // 400: RequestValidationError from toCommand
  await call('POST', '/todos/1/complete'); // 204: the command has no result
  await call('POST', '/todos/7/complete'); // 400: thrown by the handler
  await call('POST', '/todos/1/share'); // 204: published to every subscriber
  await call('DELETE', '/todos'); // 405: the path exists, the method does not

  console.log('-- production goes down');
  await production.kill();
  // Let the client notice its kept-alive connections were cut. (A POST written to one of them in
  // that instant may have reached the server, so it would not move on; a refused connect does.)
  await new Promise((resolve) => setTimeout(resolve, 50));
  await call('POST', '/todos', { title: 'survive an outage' }); // connection refused → staging
  await call('GET', '/todos');
  console.log(`audit saw shares of: ${shared.join(', ')}`);

  await client.close();
  await staging.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
