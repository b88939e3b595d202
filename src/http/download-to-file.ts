import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streams `body` to a temporary file next to `target` and renames it into place when complete.
 * On any failure the temporary file is removed: a partial file never remains.
 */
export async function streamToFile(
  body: Readable,
  target: string,
  onChunk: ((written: number) => void) | undefined,
): Promise<number> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
  let written = 0;
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          written += chunk.length;
          onChunk?.(written);
          yield chunk;
        }
      },
      createWriteStream(temp, { flags: 'wx' }),
    );
    await rename(temp, target);
    return written;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
