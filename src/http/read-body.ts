import type { Readable } from 'node:stream';

/**
 * Reads the whole body and settles with `finish(body)` (what it returns or throws): one promise per
 * response, no async frame of its own. A body that arrived in one chunk is that chunk, not a copy
 * (undici's `bytes()` copies even a single chunk into a fresh ArrayBuffer).
 */
export function readBody<T>(body: Readable, finish: (bytes: Buffer) => T | Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    // `on`, not `once`: the stream ends once and is dropped, so no once-wrappers are needed.
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    body.on('end', () => {
      try {
        resolve(finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length)));
      } catch (error) {
        reject(error);
      }
    });
    body.on('error', reject);
  });
}
