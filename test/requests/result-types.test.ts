import { Command, CommandProcessor, RequestHandler, SubscriberRegistry, type ResultOf } from '../../src';

class Count extends Command<number> {}
class CountHandler extends RequestHandler<Count> {
  override async handle() {
    return 3;
  }
}

// Compile-time checks: `npm run typecheck` fails if these types drift.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const resultIsNumber: Equals<ResultOf<Count>, number> = true;
const voidCommand: Equals<ResultOf<Command>, void> = true;

describe('typed results', () => {
  it('send of a Command<number> resolves to a number, in types and at run time', async () => {
    const processor = new CommandProcessor({
      subscribers: new SubscriberRegistry().register(Count, CountHandler),
    });
    const n: number = await processor.send(new Count());
    // @ts-expect-error a Command<number> does not resolve to a string
    const s: string = await processor.send(new Count());
    expect(typeof n).toBe('number');
    expect(n + 1).toBe(4);
    expect(s).toBe(3);
    expect(resultIsNumber && voidCommand).toBe(true);
  });

  it('gives every request a fresh UUID id', () => {
    const a = new Count();
    const b = new Count();
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
  });
});
