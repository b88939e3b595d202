// Bus bench: posts per second through processor.post to a real RabbitMQ (in-memory and Postgres
// outboxes) vs bare amqplib and a hand-written outbox loop; then messages per second consumed through
// the Dispatcher vs a bare amqplib consumer, end to end, and heap over 100,000 messages. Needs `bash scripts/services.sh start`.
//
//   npm run build && node dist/bench/bus/main.js      (or: npm run bench -- bus)
import { existsSync, readFileSync } from 'node:fs';
import { runConsumerBench } from './consumer';
import { runProducerBench } from './producer';

function service(name: string): string {
  const file = `${process.env.MATRYOSHKA_SERVICES_DIR ?? '/tmp/matryoshka-services'}/env`;
  const fromFile = existsSync(file)
    ? Object.fromEntries(
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      )
    : {};
  const url = process.env[name] ?? fromFile[name];
  if (!url) throw new Error(`${name} is not set: run \`bash scripts/services.sh start\` first.`);
  return url;
}

async function main(): Promise<void> {
  await runProducerBench(service('MATRYOSHKA_AMQP_URL'), service('MATRYOSHKA_PG_URL'));
  await runConsumerBench(service('MATRYOSHKA_AMQP_URL'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
