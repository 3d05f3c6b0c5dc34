// Nothing the user made is lost, and every file problem is a sentence with exit 1 (issue 10, items 1–5):
// outputs that are inputs, links, devices, FIFOs, paths under a regular file, and files that never end.

import { execFileSync } from 'node:child_process';
import {
  linkSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../compiler/source-file.ts';
import { optic, scratch } from './harness.ts';

const UNFORMATTED = 'def train(w,g):\n    return g*0.1\n';
const FORMATTED = 'def train(w, g):\n    return g * 0.1\n';

describe('an output that is an input', () => {
  it('is refused (exit 2) by name, through a symbolic link and through a hard link, and the program is kept', async () => {
    const dir = scratch({ 'p.opt': FORMATTED });
    const p = join(dir, 'p.opt');
    symlinkSync(p, join(dir, 'link.js'));
    linkSync(p, join(dir, 'hard.js'));
    for (const out of [p, join(dir, 'link.js'), join(dir, 'hard.js')]) {
      const r = await optic('compile', p, '--target', 'tfjs', '-o', out);
      expect(r.code, out).toBe(2);
      expect(r.err).toBe(`optic: the output '${out}' is the program '${p}': refusing to overwrite it\n`);
    }
    expect(readFileSync(p, 'utf8')).toBe(FORMATTED);
  });
});

describe('writing through links and to special files', () => {
  it('fmt --write formats the file a symbolic link names and keeps the link', async () => {
    const dir = scratch({ 'real.opt': UNFORMATTED });
    symlinkSync('real.opt', join(dir, 'link.opt'));
    expect((await optic('fmt', '--write', join(dir, 'link.opt'))).code).toBe(0);
    expect(lstatSync(join(dir, 'link.opt')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.opt'))).toBe('real.opt');
    expect(readFileSync(join(dir, 'real.opt'), 'utf8')).toBe(FORMATTED);
  });

  it('fmt --write keeps hard links together', async () => {
    const dir = scratch({ 'a.opt': UNFORMATTED });
    linkSync(join(dir, 'a.opt'), join(dir, 'b.opt'));
    expect((await optic('fmt', '--write', join(dir, 'b.opt'))).code).toBe(0);
    expect(readFileSync(join(dir, 'a.opt'), 'utf8')).toBe(FORMATTED);
    expect(statSync(join(dir, 'a.opt')).ino).toBe(statSync(join(dir, 'b.opt')).ino);
  });

  it('-o /dev/null writes through the device and leaves it a device', async () => {
    const r = await optic('compile', 'programs/sgd.opt', '--target', 'wgsl', '-o', '/dev/null');
    expect(r).toEqual({ code: 0, out: '', err: '' });
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a device that fails the write (/dev/full) is exit 1 with the reason', async () => {
    const r = await optic('compile', 'programs/sgd.opt', '--target', 'wgsl', '-o', '/dev/full');
    expect(r).toEqual({ code: 1, out: '', err: "optic: cannot write '/dev/full': no space left on the device\n" });
  });

  it('a FIFO nobody reads is an error, not a hang', async () => {
    const dir = scratch({});
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const r = await optic('compile', 'programs/sgd.opt', '--target', 'wgsl', '-o', join(dir, 'fifo'));
    expect(r).toEqual({
      code: 1,
      out: '',
      err: `optic: cannot write '${join(dir, 'fifo')}': no process is reading it\n`,
    });
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
  });

  it('a path under a regular file is exit 1 with a sentence, not an internal error', async () => {
    const dir = scratch({ 'p.opt': FORMATTED });
    const out = join(dir, 'p.opt', 'x.js');
    const r = await optic('compile', join(dir, 'p.opt'), '--target', 'tfjs', '-o', out);
    expect(r).toEqual({
      code: 1,
      out: '',
      err: `optic: cannot write '${out}': a part of the path is not a directory\n`,
    });
  });

  it('a symbolic link loop is exit 1 with a sentence', async () => {
    const dir = scratch({});
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    const r = await optic('compile', 'programs/sgd.opt', '--target', 'wgsl', '-o', join(dir, 'a'));
    expect(r).toEqual({
      code: 1,
      out: '',
      err: `optic: cannot write '${join(dir, 'a')}': too many levels of symbolic links\n`,
    });
  });
});

describe('reading only regular files of a sensible size', () => {
  it('check /dev/zero is E0006 at once, not a hang', async () => {
    const r = await optic('check', '/dev/zero');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "/dev/zero:1:1: error: cannot read '/dev/zero': it is a character device, not a regular file [E0006]\n",
    );
  });

  it('step --inputs /dev/zero and a FIFO are errors, not hangs', async () => {
    const dir = scratch({});
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    for (const [path, kind] of [
      ['/dev/zero', 'a character device'],
      [join(dir, 'fifo'), 'a FIFO'],
    ]) {
      const r = await optic('step', 'programs/sgd.opt', '--inputs', path);
      expect(r).toEqual({ code: 1, out: '', err: `optic: cannot read '${path}': it is ${kind}, not a regular file\n` });
    }
  });

  it('a file over the limit is refused with the limit in words', async () => {
    const dir = scratch({ 'big.opt': '' });
    truncateSync(join(dir, 'big.opt'), MAX_FILE_BYTES + 1);
    const r = await optic('check', join(dir, 'big.opt'));
    expect(r.err).toBe(
      `${join(dir, 'big.opt')}:1:1: error: cannot read '${join(dir, 'big.opt')}': it is over 16.0 MiB, the largest program optic reads [E0006]\n`,
    );
    writeFileSync(join(dir, 'in.json'), '');
    truncateSync(join(dir, 'in.json'), MAX_FILE_BYTES + 1);
    const step = await optic('step', 'programs/sgd.opt', '--inputs', join(dir, 'in.json'));
    expect(step.code).toBe(1);
    expect(step.err).toContain('it is over 16.0 MiB, the largest input file optic reads');
  });

  it('a directory given as a program is E0006 in words', async () => {
    const dir = scratch({});
    expect((await optic('check', dir)).err).toBe(
      `${dir}:1:1: error: cannot read '${dir}': it is a directory [E0006]\n`,
    );
  });
});
