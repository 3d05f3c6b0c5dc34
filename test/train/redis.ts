// A real redis-server for the queue tests (runtime/train/queue.ts): Debian's package, started by the test on a
// free loopback port with nothing persisted, and killed after. Outside CI a machine without redis-server skips
// those tests; in CI (CI set) they run, and fail, so a missing package cannot pass unnoticed.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export const redisWanted = spawnSync('redis-server', ['--version']).status === 0 || Boolean(process.env.CI);

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  /** Kills it (SIGKILL); resolves once it has exited and its port is free again. */
  stop(): Promise<void>;
}

/** A fresh, empty redis-server on `port` (default: a free one). */
export async function startRedis(port?: number): Promise<RedisServer> {
  port ??= await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.on('error', (e) =>
      reject(new Error(`redis-server did not start (install Debian's redis-server): ${e.message}`)),
    );
    child.on('exit', (code) => reject(new Error(`redis-server exited with code ${code}: ${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => {
    child.kill('SIGKILL');
    return exited;
  };
  return { url: `redis://127.0.0.1:${port}`, stop };
}
