import { stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileValidationError } from './errors';
import type { HttpEnvironment } from './http-environment';
import { mimeTypeOf } from './mime-types';

/** A file about to be uploaded, checked to exist once before anything is sent. */
export interface UploadFile {
  readonly path: string;
  readonly size: number;
  readonly extension: string;
  readonly mimeType: string;
}

/** Checks the file exists and is a regular file. */
export async function inspectUploadFile(filePath: string): Promise<UploadFile> {
  if (typeof filePath !== 'string' || filePath === '')
    throw new FileValidationError(String(filePath), 'no file path given');
  const absolute = path.resolve(filePath);
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new FileValidationError(filePath, 'file not found');
  }
  if (!info.isFile()) throw new FileValidationError(filePath, 'not a regular file');
  return {
    path: absolute,
    size: info.size,
    extension: path.extname(absolute).toLowerCase(),
    mimeType: mimeTypeOf(absolute),
  };
}

/** Checks one environment's `maxFileSize` and `allowedFileTypes` (extensions or MIME types, 'image/*' allowed). */
export function validateUploadFor(file: UploadFile, env: HttpEnvironment): void {
  const { maxFileSize, allowedFileTypes } = env;
  if (maxFileSize !== undefined && file.size > maxFileSize) {
    throw new FileValidationError(
      file.path,
      `file is ${file.size} bytes; the limit is ${maxFileSize}`,
      env.name,
    );
  }
  if (allowedFileTypes !== undefined && !allowedFileTypes.some((allowed) => typeMatches(file, allowed))) {
    throw new FileValidationError(
      file.path,
      `type ${file.extension || '(no extension)'} (${file.mimeType}) is not allowed; allowed: ${allowedFileTypes.join(', ')}`,
      env.name,
    );
  }
}

function typeMatches(file: UploadFile, allowed: string): boolean {
  const a = allowed.trim().toLowerCase();
  if (a.includes('/'))
    return a.endsWith('/*') ? file.mimeType.startsWith(a.slice(0, -1)) : file.mimeType === a;
  return file.extension === (a.startsWith('.') ? a : `.${a}`);
}

/**
 * Where a download lands: inside the environment's `fileStoragePath` (or the OS temp folder when
 * unset). `../` escapes and absolute paths elsewhere are refused.
 */
export function resolveDownloadTarget(
  env: HttpEnvironment,
  toPath: string | undefined,
  endpoint: string,
): string {
  const root = env.fileStoragePath ?? os.tmpdir();
  const wanted = toPath ?? defaultFileName(endpoint);
  if (typeof wanted !== 'string' || wanted === '' || wanted.includes('\0'))
    throw new FileValidationError(String(wanted), 'invalid download path', env.name);
  const target = path.resolve(root, wanted);
  const relative = path.relative(root, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new FileValidationError(
      wanted,
      `download path is outside ${env.fileStoragePath ? 'fileStoragePath' : 'the temp folder'} (${root})`,
      env.name,
    );
  }
  return target;
}

function defaultFileName(endpoint: string): string {
  const clean = endpoint.split('?')[0].split('#')[0];
  const last = decodeURIComponentSafe(clean.slice(clean.lastIndexOf('/') + 1));
  const safe = last.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return safe === '' ? 'download' : safe;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
