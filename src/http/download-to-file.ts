import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DownloadWriteError } from './errors';

/**
 * Creates the folder `target` goes into, before anything is sent: a folder that cannot be made is
 * a DownloadWriteError (a local fault), not a failed attempt.
 */
export async function prepareDownloadFolder(target: string): Promise<void> {
  try {
    await mkdir(path.dirname(target), { recursive: true });
  } catch (error) {
    throw downloadWriteError(target, error);
  }
}

/**
 * Streams `body` to a temporary file next to `target` (whose folder {@link prepareDownloadFolder}
 * made) and renames it into place when complete. On any failure the temporary file is removed: a
 * partial file never remains. An error reading the body is rethrown as is (the exchange classifies
 * it); an error on the file side (open, write, rename) is a DownloadWriteError, and the body is
 * destroyed so its connection is not held.
 */
export async function streamToFile(
  body: Readable,
  target: string,
  onChunk: ((written: number) => void) | undefined,
): Promise<number> {
  const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
  let written = 0;
  let readFailed = false;
  try {
    await pipeline(
      async function* () {
        try {
          for await (const chunk of body as AsyncIterable<Buffer>) {
            written += chunk.length;
            onChunk?.(written);
            yield chunk;
          }
        } catch (error) {
          readFailed = true; // the body (or onChunk) failed, not the file
          throw error;
        }
      },
      createWriteStream(temp, { flags: 'wx' }),
    );
    await rename(temp, target);
    return written;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (readFailed) throw error;
    body.destroy();
    throw downloadWriteError(target, error);
  }
}

function downloadWriteError(target: string, error: unknown): DownloadWriteError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DownloadWriteError(target, reason, { cause: error });
}
