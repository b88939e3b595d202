// What `npm run sample` lists: each sample folder's one-line description, in the order of the
// docs' numbering. test/samples/catalogue.test.ts checks that every sample folder is here.

/** Sample folder name → number and one line on what it shows. */
export const catalogue: Readonly<Record<string, string>> = {
  'decorated-handler': '1a  a decorated handler: RequestLogging, Fallback, retry',
  'global-steps': '1b  steps every handler inherits from a base handler',
  'custom-step': '1c  your own step, a feature flag, made with pipelineStep',
  'failover-configs': '2   timeouts, retries, auth and headers per environment',
  interceptors: '3   HTTP interceptors: logging, metrics and a GET cache',
  'named-instances': '4   two named failover instances: general and wallet',
  'socket-chat': '5   socket.io chat across an environment switch',
  'file-transfer': '6   upload with validation, download to a file, progress',
  'command-routes': '7   commands over HTTP (commandRoutes), sent with failover',
  'bus-post': '8   post through an outbox: post, depositPost, clearOutbox',
  'bus-workers': '9   a producer and two workers competing for one queue',
};

/** Folders under samples/ that are not samples. */
export const notSamples = ['demo', 'shared'];

/** The listing `npm run sample` prints: a line per sample, its description beside it. */
export function listing(available: readonly string[]): string {
  const width = Math.max(...available.map((name) => name.length));
  return [
    'Samples (npm run sample -- NAME runs one, --all runs every one):',
    '',
    ...available.map((name) => `  ${name.padEnd(width)}  ${catalogue[name] ?? '(no description)'}`),
    '',
    'The live failover demo is its own command: npm run demo',
  ].join('\n');
}

/** What to say when some chosen names are not samples; undefined when all are. */
export function unknownSamples(chosen: readonly string[], available: readonly string[]): string | undefined {
  const unknown = chosen.filter((name) => !available.includes(name));
  if (unknown.length === 0) return undefined;
  const names = unknown.map((name) => `"${name}"`).join(', ');
  return `No sample called ${names}. The samples are: ${available.join(', ')}.\nRun \`npm run sample\` to see what each one shows.`;
}
