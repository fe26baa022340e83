// A real S3-compatible server (s3rver) for tests, on a random loopback port with its data in a temp
// folder; clients need path-style addressing and checksums only when required (TOOLCHAIN.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export interface S3Server {
  endpoint: string;
  /** Environment a client needs (credentials s3rver accepts). */
  env: Record<string, string>;
  bucket: string;
  stop(): Promise<void>;
}

export async function startS3(bucket = 'backups'): Promise<S3Server> {
  const S3rver = require('s3rver') as new (
    options: Record<string, unknown>,
  ) => {
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  };
  const directory = mkdtempSync(join(tmpdir(), 'shipshape-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' },
    bucket,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
