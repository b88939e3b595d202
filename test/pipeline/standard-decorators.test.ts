import ts from 'typescript';
import * as matryoshka from '../../src';
import { Fallback, PipelineConfigurationError } from '../../src';

const ADVICE = /enable experimentalDecorators and emitDecoratorMetadata/;

describe('a step decorator compiled as a TC39 standard decorator', () => {
  it('called as TC39 calls a method decorator, fails with a PipelineConfigurationError saying which flags to enable', () => {
    const decorate = Fallback({ step: 1, backstop: true }) as unknown as (
      value: (...args: unknown[]) => unknown,
      context: ClassMethodDecoratorContext,
    ) => void;
    const context = {
      kind: 'method',
      name: 'handle',
      static: false,
      private: false,
      access: { has: () => true, get: (o: { handle: unknown }) => o.handle },
      addInitializer: () => undefined,
      metadata: {},
    } as unknown as ClassMethodDecoratorContext;
    const call = () => decorate(async function handle() {}, context);
    expect(call).toThrow(PipelineConfigurationError);
    expect(call).toThrow(ADVICE);
    expect(call).toThrow(/FallbackHandler on handle/);
  });

  it('in a class TypeScript compiled without experimentalDecorators, fails when the class is defined', () => {
    const source = `
      import { Command, RequestHandler, RequestLogging } from 'matryoshka-pipeline';
      class Greet extends Command<string> {}
      export class GreetHandler extends RequestHandler<Greet> {
        @RequestLogging({ step: 0 })
        override async handle(_c: Greet) { return 'hi'; }
      }`;
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    });
    expect(outputText).toContain('__esDecorate'); // really the standard decorators
    const module = { exports: {} };
    const load = new Function('require', 'module', 'exports', outputText);
    const requireMatryoshka = (name: string) => {
      if (name !== 'matryoshka-pipeline') throw new Error(`unexpected import ${name}`);
      return matryoshka;
    };
    expect(() => load(requireMatryoshka, module, module.exports)).toThrow(PipelineConfigurationError);
    expect(() => load(requireMatryoshka, module, module.exports)).toThrow(ADVICE);
  });
});
