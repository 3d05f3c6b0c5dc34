// runtime/tfjs/backends.ts where this machine cannot go by itself: a tfjs-node that is installed but fails to
// load (its failures are described by importFailure, tested on the errors Node and tfjs-node throw), a runtime
// whose `navigator` has no `gpu` (Node 21 and later) or that has no `navigator` (Node 20), an adapter that does
// not say its name, no adapter at all, and every backend failing (modules mocked). Each test puts back the
// globals it changes.

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { importFailure, useTfjsBackend } from '../../../runtime/tfjs/backends.ts';

const NODE = '@tensorflow/tfjs-node';

describe('importFailure', () => {
  it('says a package is not installed when Node cannot find it', () => {
    const e = Object.assign(new Error(`Cannot find package '${NODE}' imported from /x/backends.ts`), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(importFailure(NODE, e)).toBe(`${NODE}: not installed`);
  });

  it("says what is missing when the package is there but one of its own imports is not (not 'not installed')", () => {
    const e = Object.assign(new Error("Cannot find package 'node-pre-gyp' imported from /x/index.js\n  at …"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(importFailure(NODE, e)).toBe(`${NODE}: Cannot find package 'node-pre-gyp' imported from /x/index.js`);
  });

  it('says the native library is missing when its binding cannot be loaded', () => {
    const e = new Error(
      `The specified module could not be found.\n/x/node_modules/${NODE}/lib/napi-v8/tfjs_binding.node`,
    );
    expect(importFailure(NODE, e)).toBe(
      `${NODE}: installed without its native library (its install script did not run or failed)`,
    );
  });

  it("gives the first line of any other error's message, and a thrown value that is not an Error as text", () => {
    expect(importFailure(NODE, new Error('libtensorflow.so.2: cannot open shared object file\nmore'))).toBe(
      `${NODE}: libtensorflow.so.2: cannot open shared object file`,
    );
    expect(importFailure(NODE, 'a string thrown')).toBe(`${NODE}: a string thrown`);
    expect(importFailure(NODE, { code: 'ERR_MODULE_NOT_FOUND' })).toBe(`${NODE}: [object Object]`);
  });

  it('takes back the kernels a half-loaded tfjs-node registered', () => {
    tf.registerKernel({ kernelName: 'OpticFailureTest', backendName: 'tensorflow', kernelFunc: () => [] });
    importFailure(NODE, new Error('x'));
    expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
  });
});

/**
 * backends.ts imported afresh with `mocks` (module name → factory) in place until the test ends (it imports
 * them when called): the real webgpu package is never asked for a second Dawn instance (two in one process
 * crash it at exit).
 */
const mocked: string[] = [];
async function freshBackends(
  mocks: Record<string, () => object>,
): Promise<typeof import('../../../runtime/tfjs/backends.ts')> {
  vi.resetModules();
  for (const [name, factory] of Object.entries(mocks)) {
    vi.doMock(name, factory);
    mocked.push(name);
  }
  return await import('../../../runtime/tfjs/backends.ts');
}

// The runtime's navigator as the real webgpu backend left it (with the real adapter's gpu, where there is
// one), put back after each test: a test that left none would make the next backends.ts create a second
// Dawn instance.
// Without an adapter the webgpu cases skip, but not in CI, where there must be one (they fail there).
const gpu = await useTfjsBackend('webgpu').then(
  () => true,
  () => false,
);
const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (navigatorBefore) Object.defineProperty(globalThis, 'navigator', navigatorBefore);
  else delete (globalThis as { navigator?: unknown }).navigator;
  for (const name of mocked.splice(0)) vi.doUnmock(name);
  vi.resetModules();
});
afterAll(() => useTfjsBackend('cpu'));

/** The `webgpu` package, as far as backends.ts uses it, with one adapter (`adapter`). */
const fakeWebgpu = (adapter: unknown) => () => ({
  create: () => ({ requestAdapter: async () => adapter }),
  globals: {},
});

// The webgpu backend initialised on the real adapter (beforeAll): the cases below only describe an adapter.
describe.skipIf(!gpu && !process.env.CI)('the webgpu backend in other runtimes', () => {
  const ready = () => useTfjsBackend('webgpu');

  it('keeps a navigator without gpu (Node 21 and later) and gives it one, once', async () => {
    await ready();
    const { useTfjsBackend: use } = await freshBackends({ webgpu: fakeWebgpu({ info: { description: 'fake' } }) });
    const navigator = { userAgent: 'Node.js/22' };
    Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
    expect(await use('webgpu')).toEqual({ name: 'webgpu', description: 'webgpu (fake)' });
    expect(globalThis.navigator).toBe(navigator);
    const gpu = Object.getOwnPropertyDescriptor(navigator, 'gpu');
    expect(gpu?.value).toBeDefined();
    expect(gpu?.configurable).toBe(true);
    await use('webgpu');
    expect((navigator as { gpu?: unknown }).gpu).toBe(gpu?.value); // not created again
  });

  it('defines navigator where the runtime has none (Node 20), replaceable', async () => {
    await ready();
    const { useTfjsBackend: use } = await freshBackends({ webgpu: fakeWebgpu({ info: { description: 'fake' } }) });
    delete (globalThis as { navigator?: unknown }).navigator;
    expect((await use('webgpu')).description).toBe('webgpu (fake)');
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    expect(descriptor).toMatchObject({ configurable: true, writable: true });
    expect(descriptor?.value.gpu).toBeDefined();
  });

  /** navigator.gpu replaced by one whose only adapter is `adapter` (after the real backend is up). */
  const fakeAdapter = async (adapter: unknown) => {
    await ready();
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu: { requestAdapter: async () => adapter } },
      configurable: true,
      writable: true,
    });
  };

  it("names an adapter by its description, else its device, else its vendor, else 'adapter'", async () => {
    const named = async (info: unknown) => {
      await fakeAdapter({ info });
      return (await useTfjsBackend('webgpu')).description;
    };
    expect(await named({ description: 'd', device: 'e', vendor: 'v' })).toBe('webgpu (d)');
    expect(await named({ description: '', device: 'e', vendor: 'v' })).toBe('webgpu (e)');
    expect(await named({ description: '', device: '', vendor: 'v' })).toBe('webgpu (v)');
    expect(await named({ description: '', device: '', vendor: '' })).toBe('webgpu (adapter)');
    expect(await named(undefined)).toBe('webgpu (adapter)');
  });

  it('is not available without an adapter, and says so without a reason', async () => {
    await fakeAdapter(null);
    await expect(useTfjsBackend('webgpu')).rejects.toThrow(
      new Error("the tfjs backend 'webgpu' is not available on this machine"),
    );
  });
});

describe('every backend failing', () => {
  it('is an error of its own when no backend was asked for', async () => {
    const fresh = await freshBackends({
      '@tensorflow/tfjs-backend-wasm': () => {
        throw new Error('no wasm here');
      },
      '@tensorflow/tfjs-backend-cpu': () => {
        throw new Error('no cpu here');
      },
      webgpu: fakeWebgpu(null),
    });
    delete (globalThis as { navigator?: unknown }).navigator;
    await expect(fresh.useTfjsBackend()).rejects.toThrow(new Error('no tfjs backend could be initialized'));
  });
});
