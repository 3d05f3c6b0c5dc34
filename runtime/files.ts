// Writing what optic makes (compiled modules, formatted programs, metrics, checkpoints) without ever losing
// what was there. A regular file is replaced atomically: the data goes to a temporary file beside it, is
// flushed to disk, and renamed over the original, so a reader sees the old file or the new one, never half,
// and a failure (a full disk, a read-only file system) leaves the original untouched. Other targets are
// written to as the user named them:
// - a symbolic link: the file it names is replaced, and the link stays a link;
// - a file with several hard links: written in place (a rename would split it from its other names);
// - a character device (/dev/null), a FIFO: written through, never replaced by a regular file;
// - a directory, a socket: refused.
// Every failure is a FileError with a sentence (`cannot write 'x': no space left on the device`).

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FileError, kindOf, reason } from '../compiler/source-file.ts';

export { FileError, reason } from '../compiler/source-file.ts';

/** Linux's own limit on symbolic links followed in one path. */
const MAX_LINKS = 40;

/** The path a write to `path` should land on: symbolic links followed, even to a file not yet there. */
export function writeTarget(path: string): string {
  let target = resolve(path);
  for (let i = 0; i <= MAX_LINKS; i++) {
    let stats: Stats;
    try {
      stats = lstatSync(target);
    } catch {
      return target; // Not there (yet): the write creates it.
    }
    if (!stats.isSymbolicLink()) return target;
    target = resolve(dirname(target), readlinkSync(target));
  }
  throw new FileError(`cannot write '${path}': too many levels of symbolic links`);
}

/** Whether two paths name the same file (device and inode, through links); false if either is missing. */
export function sameFile(a: string, b: string): boolean {
  try {
    const [sa, sb] = [statSync(a), statSync(b)];
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
}

/** Writes `data` to `path` as described at the top of this file. */
export function writeAtomically(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const target = writeTarget(path);
  let existing: Stats | undefined;
  try {
    existing = statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new FileError(`cannot write '${path}': ${reason(e)}`);
  }
  try {
    if (existing?.isDirectory()) throw new FileError(`cannot write '${path}': it is a directory`);
    if (existing && (existing.isSocket() || existing.isBlockDevice())) {
      throw new FileError(`cannot write '${path}': it is ${kindOf(existing)}`);
    }
    if (existing && (!existing.isFile() || existing.nlink > 1)) return writeInPlace(target, bytes, existing);
    replace(path, target, bytes, existing);
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError(`cannot write '${path}': ${reason(e)}`);
  }
}

/** Through the existing file: a device or FIFO (non-blocking, so a FIFO without a reader is an error), a hard link. */
function writeInPlace(target: string, bytes: Uint8Array, existing: Stats): void {
  const flags = existing.isFIFO()
    ? constants.O_WRONLY | constants.O_NONBLOCK
    : constants.O_WRONLY | constants.O_TRUNC | (existing.isFile() ? 0 : constants.O_NONBLOCK);
  const fd = openSync(target, flags);
  try {
    writeAll(fd, bytes);
    if (existing.isFile()) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function replace(path: string, target: string, bytes: Uint8Array, existing: Stats | undefined): void {
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  // Keep the permissions of a file being replaced; a new file gets the usual ones.
  const mode = existing ? existing.mode & 0o7777 : 0o666 & ~process.umask();
  let fd: number;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  } catch (e) {
    // The temporary file is made in the target's directory: ENOENT can only mean that directory is missing.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new FileError(`cannot write '${path}': no such directory`);
    throw e;
  }
  try {
    try {
      writeAll(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone, or never made: nothing to clean.
    }
    throw e;
  }
  syncDirectory(dir);
}

/** Makes the rename itself durable; some file systems refuse to sync a directory, which costs only that. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Durability of the directory entry is best effort; the data itself was synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
