import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { HttpEnvironment } from './http-environment';
import type { UploadFile } from './file-validation';

/** A multipart/form-data body whose file part streams from disk; a fresh stream per send. */
export interface MultipartBody {
  contentType: string;
  /** Exact byte length, so servers get a content-length instead of chunked encoding. */
  length: number;
  stream(state: HttpEnvironment): AsyncIterable<Uint8Array>;
}

/** Quotes a header parameter the way browsers do for form-data (WHATWG). */
function quote(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/**
 * Builds the body: the fields, then the file. Only the small preamble and epilogue are in memory;
 * the file is read in 64 KiB chunks as the socket drains.
 */
export function multipartBody(
  file: UploadFile,
  fieldName: string,
  fileName: string,
  fields: Record<string, string> | undefined,
  onChunk: ((transferred: number, state: HttpEnvironment) => void) | undefined,
): MultipartBody {
  const boundary = `----matryoshka${randomBytes(12).toString('hex')}`;
  let head = '';
  for (const name of Object.keys(fields ?? {})) {
    head += `--${boundary}\r\ncontent-disposition: form-data; name="${quote(name)}"\r\n\r\n${String(fields![name])}\r\n`;
  }
  head += `--${boundary}\r\ncontent-disposition: form-data; name="${quote(fieldName)}"; filename="${quote(fileName)}"\r\ncontent-type: ${file.mimeType}\r\n\r\n`;
  const preamble = Buffer.from(head, 'utf8');
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: preamble.length + file.size + epilogue.length,
    async *stream(state) {
      let sent = 0;
      yield preamble;
      for await (const chunk of createReadStream(file.path, { highWaterMark: 64 * 1024 })) {
        sent += (chunk as Buffer).length;
        onChunk?.(sent, state);
        yield chunk as Buffer;
      }
      yield epilogue;
    },
  };
}
