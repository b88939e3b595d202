// Lets a child process of a test run TypeScript sources directly: `fork(file.ts, { execArgv:
// ['-r', require.resolve('./ts-register.js')] })`. Transpile only, with the project's compiler
// options (legacy decorators and their metadata), as ts-jest does for the tests themselves.
const fs = require('node:fs');
const ts = require('typescript');

const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  isolatedModules: true,
  sourceMap: false,
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
