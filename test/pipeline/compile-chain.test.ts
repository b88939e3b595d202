import { Command, RequestContext, RequestHandler } from '../../src';
import { compileChain, compilePipeline, loopedChain, type ChainLink } from '../../src/pipeline/compile-chain';

class Ping extends Command<string[]> {}
class Outer extends RequestHandler<Ping> {}
class Retrying extends RequestHandler<Ping> {}
class Target extends RequestHandler<Ping> {
  override async handle() {
    return ['target'];
  }
}

const links = (): ChainLink[] => [
  { make: () => new Outer(), makesInnerDolls: false },
  { make: () => new Retrying(), makesInnerDolls: true },
  { make: () => new Target(), makesInnerDolls: false },
];

function describeChain(first: RequestHandler<any>, context: RequestContext) {
  const names: string[] = [];
  for (let doll: RequestHandler<any> | undefined = first; doll; doll = doll.successor) {
    expect(doll.context).toBe(context);
    names.push(doll.constructor.name);
    if (doll.makeInnerDolls) {
      const inner = doll.makeInnerDolls(context);
      names.push('|', ...(inner ? [inner.constructor.name] : []));
    }
  }
  return names;
}

describe('compileChain', () => {
  it('the loop builds the same chain as the generated code: linked, bound, inner dolls left to the step that makes them', () => {
    const context = new RequestContext();
    const expected = ['Outer', 'Retrying', '|', 'Target'];
    expect(describeChain(compileChain(links())(context), context)).toEqual(expected);
    expect(describeChain(loopedChain(links())(context), context)).toEqual(expected);
  });

  it('falls back to the loop where code generation from strings is refused', async () => {
    const original = globalThis.Function;
    let refused = 0;
    // As `--disallow-code-generation-from-strings` or a CSP does: `new Function(...)` throws.
    globalThis.Function = function refuse() {
      refused++;
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    let build;
    try {
      build = compileChain(links());
    } finally {
      globalThis.Function = original;
    }
    expect(refused).toBeGreaterThan(0);
    const context = new RequestContext();
    const chain = build(context);
    expect(describeChain(chain, context)).toEqual(['Outer', 'Retrying', '|', 'Target']);
    expect(chain.makeInnerDolls).toBeUndefined();
    await expect(chain.handle(new Ping())).resolves.toBeUndefined();
  });

  it('constructs plain dolls in place, hands them their params, and reports a constructor that throws', () => {
    class Tagged extends RequestHandler<Ping> {
      tag = '';
      override initializeFromAttributeParams(tag: string) {
        this.tag = tag;
      }
    }
    class Exploding extends RequestHandler<Ping> {
      constructor() {
        super();
        throw new Error('boom');
      }
    }
    const plain = (cls: new () => RequestHandler<any>, params: unknown[]): ChainLink => ({
      make: () => {
        throw new Error('the factory is not used for a plain doll');
      },
      plain: {
        cls,
        init: params.length ? (doll) => doll.initializeFromAttributeParams(...params) : undefined,
        failed: (cause) => new Error(`${cls.name} failed: ${(cause as Error).message}`),
      },
      makesInnerDolls: false,
    });
    const context = new RequestContext();
    const chain = compileChain([plain(Tagged, ['t-1']), plain(Target, [])])(context);
    expect((chain as Tagged).tag).toBe('t-1');
    expect(chain.successor).toBeInstanceOf(Target);
    expect(() => compileChain([plain(Tagged, ['t']), plain(Exploding, [])])(context)).toThrow(
      'Exploding failed: boom',
    );
  });

  it('a runner builds the chain and runs the request through it; only construction failures are relabelled', async () => {
    const context = new RequestContext();
    await expect(compilePipeline(links()).run(context, new Ping())).resolves.toBeUndefined(); // Outer passes to Retrying, which has no successor
    const seen: RequestContext[] = [];
    class Seeing extends RequestHandler<Ping> {
      override async handle(ping: Ping) {
        seen.push(this.context);
        return super.handle(ping);
      }
    }
    class SyncThrow extends RequestHandler<Ping> {
      override handle(): Promise<string[]> {
        throw new Error('handle threw');
      }
    }
    const target = { make: () => new Target(), makesInnerDolls: false };
    const { run } = compilePipeline([{ make: () => new Seeing(), makesInnerDolls: false }, target]);
    await expect(run(context, new Ping())).resolves.toEqual(['target']);
    expect(seen).toEqual([context]);
    const failed = (cause: unknown) => new Error(`made badly: ${(cause as Error).message}`);
    const { run: throwing } = compilePipeline([
      { make: () => new SyncThrow(), plain: { cls: SyncThrow, failed }, makesInnerDolls: false },
    ]);
    expect(() => throwing(context, new Ping())).toThrow(/^handle threw$/);
  });
});
