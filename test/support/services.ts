import { existsSync, readFileSync } from 'node:fs';

/** Where the real services of scripts/services.sh listen, from the environment or its env file. */
export interface ServicesEnv {
  amqpUrl?: string;
  pgUrl?: string;
}

/** Reads MATRYOSHKA_AMQP_URL / MATRYOSHKA_PG_URL from process.env, else from the services' env file. */
export function servicesEnv(): ServicesEnv {
  const file = `${process.env.MATRYOSHKA_SERVICES_DIR ?? '/tmp/matryoshka-services'}/env`;
  const fromFile: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) fromFile[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  const get = (name: string) => process.env[name] || fromFile[name] || undefined;
  return { amqpUrl: get('MATRYOSHKA_AMQP_URL'), pgUrl: get('MATRYOSHKA_PG_URL') };
}

/** The URL or a clear failure: these tests need `bash scripts/services.sh start` first. */
export function requireService(name: keyof ServicesEnv): string {
  const url = servicesEnv()[name];
  if (!url)
    throw new Error(
      `No ${name}: run \`bash scripts/services.sh start\` (or set MATRYOSHKA_${name === 'amqpUrl' ? 'AMQP' : 'PG'}_URL).`,
    );
  return url;
}
