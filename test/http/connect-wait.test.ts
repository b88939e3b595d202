// A per-call timeout or a caller's signal ends an attempt that is still waiting for a connection.
import { AllEnvironmentsFailedError, FailoverClient } from '../../src';
import { blackHole, type BlackHole } from '../failover/support/black-hole';

describe('an environment whose connect never completes', () => {
  let hole: BlackHole;
  let client: FailoverClient;
  beforeEach(async () => {
    hole = await blackHole();
    // The environment's own timeout (10 s) is the default: only the per-call bound may end the wait.
    client = new FailoverClient({ environments: { production: { apiUrl: hole.url } } });
  });
  afterEach(async () => {
    await client.close();
    await hole.close();
  });

  it('request({ timeoutMs: 500 }) ends within 500 + 50 ms', async () => {
    const started = performance.now();
    const error = await client.http.request({ endpoint: '/x', timeoutMs: 500 }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(AllEnvironmentsFailedError);
    expect((error as AllEnvironmentsFailedError).outcomes[0].outcome).toBe('timed out after 500 ms');
    expect(elapsed).toBeGreaterThanOrEqual(495);
    expect(elapsed).toBeLessThanOrEqual(550);
  });

  it("a caller's AbortSignal ends the wait when it aborts", async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 300);
    const started = performance.now();
    const error = await client.http
      .request({ endpoint: '/x', signal: controller.signal })
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBe(reason);
    expect(elapsed).toBeLessThanOrEqual(350);
  });
});
