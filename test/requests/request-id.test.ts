import { inspect } from 'node:util';
import { Command, Event } from '../../src';

class PlaceOrder extends Command<void> {
  constructor(readonly orderId: string) {
    super();
  }
}
class GetUser extends Command<string> {
  constructor(readonly id: string) {
    super();
  }
}
class UserRenamed extends Event {
  readonly id = 'user-7';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Request.id', () => {
  it('is a UUID that stays the same on every read', () => {
    const command = new PlaceOrder('o-1');
    expect(command.id).toMatch(UUID);
    expect(command.id).toBe(command.id);
  });

  it('differs between two requests', () => {
    expect(new PlaceOrder('a').id).not.toBe(new PlaceOrder('a').id);
  });

  it('shows in JSON.stringify, first, even before anyone read it', () => {
    const command = new PlaceOrder('o-2');
    const json = JSON.parse(JSON.stringify(command));
    expect(Object.keys(json)).toEqual(['id', 'orderId']);
    expect(json.id).toMatch(UUID);
    expect(json.id).toBe(command.id);
  });

  it('shows in util.inspect (console.log), even before anyone read it', () => {
    const command = new PlaceOrder('o-3');
    const shown = inspect(command);
    expect(shown).toContain(`id: '${command.id}'`);
    expect(shown).toContain("orderId: 'o-3'");
  });

  it('is an own enumerable field once read, as it always was', () => {
    const command = new PlaceOrder('o-4');
    const id = command.id;
    expect(Object.keys(command)).toContain('id');
    expect({ ...command }.id).toBe(id);
  });

  it('may be defined by a subclass, as a parameter property or a field', () => {
    const query = new GetUser('u-42');
    expect(query.id).toBe('u-42');
    expect(JSON.parse(JSON.stringify(query))).toEqual({ id: 'u-42' });
    expect(new UserRenamed().id).toBe('user-7');
  });

  it('is readonly to the type checker', () => {
    const command = new PlaceOrder('o-5');
    // @ts-expect-error id is readonly
    const assign = () => (command.id = 'x');
    expect(typeof assign).toBe('function');
  });
});

describe('a request that refers to itself', () => {
  it('fails JSON.stringify with the TypeError JSON.stringify gives for a cycle, not a stack overflow', () => {
    class Node extends Command {
      self?: unknown;
    }
    const node = new Node();
    node.self = node;
    expect(() => JSON.stringify(node)).toThrow(/circular structure.*Node\.self/);
  });
});
