// logRequests writes the elapsed time from whole microseconds (formatMs) instead of converting the
// fractional double: the text must be exactly what `${us / 1000}` gives.
import { formatMs } from '../../src/server/log-requests';
import { createRequestInfo, logRequests } from '../../src/server';
import { memoryLogger } from './helpers';

describe('formatMs', () => {
  it('writes every whole number of µs up to 100 s as String(us / 1000) does', () => {
    const wrong: number[] = [];
    for (let us = 0; us <= 100_000_000; us += us < 1_000_000 ? 1 : 997) {
      if (formatMs(us) !== String(us / 1000)) wrong.push(us);
    }
    expect(wrong).toEqual([]);
  });

  it('writes large, negative and non-finite inputs as String(us / 1000) does', () => {
    for (const us of [
      1e12 - 1,
      1e12,
      1e12 + 1,
      Number.MAX_SAFE_INTEGER,
      2 ** 60,
      1e24,
      -5,
      -1500,
      NaN,
      Infinity,
      0.5,
      1234.5,
    ]) {
      expect(formatMs(us)).toBe(String(us / 1000));
    }
  });
});

describe('logRequests elapsed time', () => {
  it('puts the same figure in the message as in elapsedMs', async () => {
    const logger = memoryLogger();
    const app = logRequests({ logger })(() => {
      const until = performance.now() + 3;
      while (performance.now() < until); // a few ms, so the figure has a fractional part
      return new Response('x');
    });
    await app(new Request('http://test/a'), createRequestInfo());
    const [entry] = logger.entries;
    expect(entry.msg).toBe(`GET /a 200 ${String(entry.obj.elapsedMs)}ms`);
    expect(entry.obj.elapsedMs).toBeGreaterThanOrEqual(3);
  });
});
