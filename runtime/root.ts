// The package's root directory (where package.json and programs/ are): two levels up from runtime/ in the
// repository, three from dist/runtime/ in the published package. Files optic ships are found from here.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(dir: string): string {
  return existsSync(join(dir, 'package.json')) || dirname(dir) === dir ? dir : findRoot(dirname(dir));
}

export const PACKAGE_ROOT = findRoot(import.meta.dirname);

/** A file optic ships, by its path from the package root (`programs/lion.opt`). */
export const shipped = (file: string): string => join(PACKAGE_ROOT, file);
