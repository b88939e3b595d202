// Production dies in the middle of 2,000 requests: every request succeeds, none is lost or answered twice.
import type * as http from 'node:http';
import { FailoverClient } from '../../src';
import { threeEnvConfig, useThreeEnvs, type EnvServer } from './support/env-servers';

/** Answers `{ id, env }` after a short delay (so requests are in flight when production dies); records what it answered. */
function answering(env: EnvServer, answered: Map<string, string[]>, delayMs: number) {
  env.behave((req: http.IncomingMessage, res: http.ServerResponse) => {
    const id = new URL(req.url!, 'http://x').searchParams.get('id')!;
    setTimeout(() => {
      if (res.destroyed || req.socket.destroyed) return; // the process "died" with this request
      const list = answered.get(id) ?? [];
      list.push(env.name);
      answered.set(id, list);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, env: env.name }));
    }, delayMs);
  });
}

describe('killing production mid-traffic', () => {
  const three = useThreeEnvs();
  let client: FailoverClient;

  it('2,000 requests, production killed after 1,000: all succeed, each answered exactly once', async () => {
    const answered = new Map<string, string[]>();
    answering(three.envs.production, answered, 2);
    answering(three.envs.staging, answered, 0);
    answering(three.envs.development, answered, 0);
    // Generous attempt timeouts: the kill is detected by refused/reset connections, never by a timeout,
    // and a slow CI machine must not turn a late answer into a replay.
    client = three.client({
      environments: threeEnvConfig(three.envs, {}, { timeoutMs: 15_000 }),
      initialEnvironment: 'production',
      circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 60_000 },
    });

    const total = 2_000;
    const concurrency = 50;
    const received = new Map<string, string>();
    let next = 0;
    let killed: Promise<void> | undefined;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const id = `r${next++}`;
        if (next === total / 2) killed = three.envs.production.kill();
        const res = await client.http.request({ endpoint: '/work', query: { id } });
        const body = (await res.json()) as { id: string; env: string };
        expect(res.status).toBe(200);
        expect(body.id).toBe(id);
        expect(received.has(id)).toBe(false);
        received.set(id, body.env);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await killed;

    // Nothing lost: every request got its own answer.
    expect(received.size).toBe(total);
    // Nothing answered twice: each id was answered by exactly one server, the one the client reports.
    expect(answered.size).toBe(total);
    for (const [id, by] of answered) {
      expect(by).toHaveLength(1);
      expect(received.get(id)).toBe(by[0]);
    }
    const byEnv = [...received.values()].reduce<Record<string, number>>(
      (acc, env) => ({ ...acc, [env]: (acc[env] ?? 0) + 1 }),
      {},
    );
    expect(byEnv.production).toBeGreaterThan(total / 2 - concurrency - 1);
    expect(byEnv.staging).toBeGreaterThan(total / 2 - concurrency - 1);
    expect(byEnv.development ?? 0).toBe(0);
    expect(client.currentEnvironment).toBe('staging');
    expect(client.getStats().environments.production.circuit).toBe('open');
    expect(client.getStats().switches.filter((s) => s.reason === 'failover')).toHaveLength(1);
  });
});
