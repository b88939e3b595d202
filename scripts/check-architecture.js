#!/usr/bin/env node
// The architecture check CI runs (`npm run check:architecture`): the layers of docs/architecture.md
// as data, and the rules that keep them honest. It fails on
//   - an import from a folder of src/ that its layer may not use (a lower layer reaching up),
//   - any import cycle between files of src/ or between its top-level folders,
//   - a file of src/ over 300 lines, a function over 80 lines,
//   - a top-level folder without an index.ts.
// Type-only imports count: a type names what a layer knows about.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

// The src/ folder to check: the project's own, or the one under a checkout named as the first argument.
const root = path.resolve(process.argv[2] ?? path.resolve(__dirname, '..'), 'src');

/** Each top-level folder of src/ and the folders it may import. Keep in step with docs/architecture.md. */
const LAYERS = {
  core: [],
  db: ['core'],
  requests: ['core'],
  pipeline: ['core', 'requests'],
  steps: ['core', 'db', 'requests', 'pipeline'],
  bus: ['core', 'db', 'requests'],
  processor: ['core', 'requests', 'pipeline', 'steps', 'bus'],
  dispatcher: ['core', 'requests', 'pipeline', 'steps', 'bus', 'processor'],
  failover: ['core'],
  http: ['core', 'failover'],
  socket: ['core', 'failover'],
  client: ['core', 'requests', 'pipeline', 'steps', 'processor', 'failover', 'http', 'socket'],
  server: ['core', 'requests', 'processor'],
};
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base + '.ts', path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function importsOf(file, source) {
  const out = [];
  const visit = (node) => {
    const isImportLike =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier);
    if (isImportLike && node.moduleSpecifier.text.startsWith('.')) {
      const target = resolveImport(file, node.moduleSpecifier.text);
      if (target) out.push(target);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg) && arg.text.startsWith('.')) {
        const target = resolveImport(file, arg.text);
        if (target) out.push(target);
      }
    }
    // `import('../x').T` in a type position.
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal) && literal.text.startsWith('.')) {
        const target = resolveImport(file, literal.text);
        if (target) out.push(target);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function longFunctions(file, source) {
  const out = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.end).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) {
        const name = node.name && 'text' in node.name ? node.name.text : '(anonymous)';
        out.push(`${rel(file)}:${start + 1} function ${name} is ${lines} lines (max ${MAX_FUNCTION_LINES})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const rel = (file) => path.relative(path.resolve(root, '..'), file);
const folderOf = (file) => {
  const parts = path.relative(root, file).split(path.sep);
  return parts.length > 1 ? parts[0] : '.';
};

/** Strongly connected components with more than one member (or a self-loop): the cycles. */
function cycles(graph) {
  let index = 0;
  const indexOf = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const strongConnect = (v) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indexOf.get(w)));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? new Set()).has(v)) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) strongConnect(v);
  return found;
}

function main() {
  const problems = [];
  const fileGraph = new Map();
  const folderGraph = new Map();
  const files = sourceFiles(root);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lineCount > MAX_FILE_LINES) problems.push(`${rel(file)} is ${lineCount} lines (max ${MAX_FILE_LINES})`);
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    problems.push(...longFunctions(file, source));
    const from = folderOf(file);
    const targets = importsOf(file, source);
    fileGraph.set(file, new Set(targets));
    for (const target of targets) {
      const to = folderOf(target);
      if (from === '.' || from === to) continue;
      if (!folderGraph.has(from)) folderGraph.set(from, new Set());
      folderGraph.get(from).add(to);
      const allowed = LAYERS[from];
      if (!allowed) problems.push(`src/${from}/ is not a known layer: add it to LAYERS in scripts/check-architecture.js and docs/architecture.md`);
      else if (!allowed.includes(to)) problems.push(`${rel(file)} imports src/${to}/ (${rel(target)}), which layer ${from}/ may not use`);
    }
  }
  for (const component of cycles(fileGraph))
    problems.push(`file import cycle: ${component.map(rel).sort().join(' ↔ ')}`);
  for (const component of cycles(folderGraph))
    problems.push(`folder import cycle: ${component.sort().join(' ↔ ')}`);
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && !fs.existsSync(path.join(root, entry.name, 'index.ts')))
      problems.push(`src/${entry.name}/ has no index.ts saying what it exports`);
  }
  const unique = [...new Set(problems)];
  for (const problem of unique) console.log(`architecture: ${problem}`);
  console.log(
    unique.length === 0
      ? `architecture: ok (${files.length} files, ${folderGraph.size} layers with imports, no cycles)`
      : `architecture: ${unique.length} problem(s)`,
  );
  process.exitCode = unique.length === 0 ? 0 : 1;
}

main();
