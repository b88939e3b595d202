import type { RequestContext, RequestHandler } from '../requests';
import type { DollFactory, PlainConstruction } from './doll-factory';

/** Makes one send's dolls, linked and bound to its context; returns the outermost. */
export type ChainBuilder = (context: RequestContext) => RequestHandler<any>;

/** Makes one send's dolls as a ChainBuilder does and runs `request` through them. */
export type ChainRunner = (context: RequestContext, request: unknown) => Promise<unknown>;

/** What the chain needs to know of one link: how to make its doll, and whether it makes its own inside. */
export interface ChainLink {
  readonly make: DollFactory;
  /** Set where the doll is a plain `new` (no container): the generated chain then makes it in place. */
  readonly plain?: PlainConstruction;
  /** The step builds the dolls inside it itself, per run (see `RequestHandler.makeInnerDolls`). */
  readonly makesInnerDolls: boolean;
}

/** One pipeline's chain: `build` makes the dolls; `run` makes them and sends a request through. */
export interface CompiledChain {
  readonly build: ChainBuilder;
  readonly run: ChainRunner;
}

/**
 * Makes the per-send functions that create and link one pipeline's dolls (and run a request
 * through them). Links inside a step that makes its own inner dolls are not built up front: that
 * step gets a builder for them instead.
 *
 * Each pipeline gets its own generated functions, so V8 sees one object shape at each
 * `context`/`successor` store, and one doll class where `run` calls the outermost `handle`,
 * instead of every doll class of the app at one shared site; measured on bench/dispatch that is
 * most of the difference between a loop and hand-written code. Where code generation is not
 * allowed, a plain loop does the same work.
 */
export function compilePipeline(links: readonly ChainLink[]): CompiledChain {
  try {
    return generatedChain(links);
  } catch {
    const build = loopedChain(links);
    return { build, run: (context, request) => build(context).handle(request) };
  }
}

/** The builder alone (a step's inner dolls, which it runs itself). */
export function compileChain(links: readonly ChainLink[]): ChainBuilder {
  return compilePipeline(links).build;
}

/** The innermost links to build up front: up to and including the first step that makes its own. */
function upFront(links: readonly ChainLink[]): number {
  const cut = links.findIndex((link) => link.makesInnerDolls);
  return cut === -1 ? links.length : cut + 1;
}

function innerBuilder(links: readonly ChainLink[], at: number): ChainBuilder | undefined {
  return at + 1 < links.length ? compileChain(links.slice(at + 1)) : undefined;
}

const noInnerDolls = (): undefined => undefined;

function generatedChain(links: readonly ChainLink[]): CompiledChain {
  const n = upFront(links);
  const lines: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const plain = links[i].plain;
    const make = plain ? `new c${i}();${plain.init ? ` init[${i}](d${i});` : ''}` : `f[${i}]();`;
    const inner = i === n - 1 && links[i].makesInnerDolls ? ` d${i}.makeInnerDolls = inner;` : '';
    const successor = i === n - 1 ? 'undefined' : `d${i + 1}`;
    lines.push(
      `at = ${i}; const d${i} = ${make} d${i}.context = context; d${i}.successor = ${successor};${inner}`,
    );
  }
  // Only our own indices go into the source: no user text is ever compiled. `runChain` calls the
  // outermost doll outside buildChain's try: only construction failures are relabelled.
  const body =
    `function buildChain(context) {\nlet at = -1;\ntry {\n${lines.join('\n')}\nreturn d0;\n` +
    `} catch (cause) { throw failed[at] ? failed[at](cause) : cause; }\n}\n` +
    `function runChain(context, request) { return buildChain(context).handle(request); }\n` +
    `return { build: buildChain, run: runChain };`;
  const used = links.slice(0, n);
  const factories = used.map((link) => link.make);
  const classes = used.map((link) => link.plain?.cls);
  const failed = used.map((link) => link.plain?.failed);
  const init = used.map((link) => link.plain?.init);
  const inner = links[n - 1]?.makesInnerDolls ? (innerBuilder(links, n - 1) ?? noInnerDolls) : undefined;
  const params = ['f', 'inner', 'failed', 'init', ...classes.map((_, i) => `c${i}`)];
  return new Function(...params, body)(factories, inner, failed, init, ...classes) as CompiledChain;
}

/** The same chain built by a loop: where `new Function` is refused (a CSP, `--disallow-code-generation-from-strings`). */
export function loopedChain(links: readonly ChainLink[]): ChainBuilder {
  const n = upFront(links);
  const factories = links.slice(0, n).map((link) => link.make);
  const inner = links[n - 1]?.makesInnerDolls ? (innerBuilder(links, n - 1) ?? noInnerDolls) : undefined;
  return (context) => {
    let next: RequestHandler<any> | undefined;
    for (let i = n - 1; i >= 0; i--) {
      const doll = factories[i]();
      doll.context = context;
      doll.successor = next;
      if (i === n - 1 && inner) doll.makeInnerDolls = inner;
      next = doll;
    }
    return next!;
  };
}
