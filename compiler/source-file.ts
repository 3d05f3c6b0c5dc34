// Reading a file a user named. Only regular files are read (a FIFO would block, /dev/zero never ends) and only
// up to a stated size: programs and step inputs are small, so a huge file is a mistake to report, not to load.
// Errors are sentences (`cannot read 'p.opt': it is a directory`), never a bare errno code.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** The largest program or input file read: 16 MiB, some thousand times the largest real program. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A file that cannot be read or written, with the reason in words. The CLI reports it as exit 1. */
export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileError';
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENAMETOOLONG: 'the file name is too long',
  ENXIO: 'no process is reading it',
  EIO: 'an input/output error',
  EFBIG: 'the file is too large',
};

/** Why a file operation failed, in words (`no such file`), for messages and E0006 diagnostics. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && Object.hasOwn(REASONS, code)) return REASONS[code];
  const message = e instanceof Error ? e.message : String(e);
  return code ? `${message.replace(/^[A-Z]+: /, '')}` : message;
}

/** `1.5 GiB`, `320 KiB`, `12 bytes`. */
export function sizeInWords(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** What a non-regular file is, for messages: `a character device`, `a FIFO`. */
export function kindOf(stats: import('node:fs').Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of the regular file at `path` (symbolic links followed), at most `limit` of them. Opened
 * non-blocking, so that a FIFO is refused rather than waited on; the size is checked on the open file and
 * the read stops at the limit, so a file that grows while it is read cannot exhaust memory either.
 */
export function readRegularFile(path: string, what = 'file', limit = MAX_FILE_BYTES): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new FileError(`cannot read '${path}': ${reason(e)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new FileError(`cannot read '${path}': it is a directory`);
    if (!stats.isFile()) throw new FileError(`cannot read '${path}': it is ${kindOf(stats)}, not a regular file`);
    const tooBig = () =>
      new FileError(`cannot read '${path}': it is over ${sizeInWords(limit)}, the largest ${what} optic reads`);
    if (stats.size > limit) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(limit + 1 - total, 1 << 20) || 1);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw tooBig();
      chunks.push(chunk.subarray(0, n));
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError(`cannot read '${path}': ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}
