// Lets a child process of a test run TypeScript sources directly: `fork(file.ts, { execArgv:
// ['-r', require.resolve('./ts-register.js')] })`. Transpile only, with the project's compiler
// options (legacy decorators and their metadata), as ts-jest does for the tests themselves.
// Output is cached on disk by content hash, so the second child (and the next run) starts fast.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const options = {
  target: 9 /* ES2022 */,
  module: 1 /* CommonJS */,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  isolatedModules: true,
  sourceMap: false,
};
const cacheDir = path.join(os.tmpdir(), 'matryoshka-ts-register');
fs.mkdirSync(cacheDir, { recursive: true });
let ts;

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    output = ts.transpileModule(source, { compilerOptions: options, fileName: filename }).outputText;
    const temporary = `${cached}.${require('node:process').pid}`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, cached);
  }
  module._compile(output, filename);
};
