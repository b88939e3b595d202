import type { Readable } from 'node:stream';

/**
 * The whole body. A body that arrived in one chunk is that chunk, not a copy (undici's `bytes()`
 * copies even a single chunk into a fresh ArrayBuffer).
 */
export function readBody(body: Readable): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length)));
    body.once('error', reject);
  });
}
