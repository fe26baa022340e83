// The bundled backup action with an s3:// destination on a real S3-compatible server (s3rver):
// streamed (multipart) uploads, read back and re-hashed, listed through the shared reader.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, listManifests } from '../../src/kernel/backup-store.ts';
import { REPO_ROOT, type RunOptions, runActionBundle } from '../support/runner.ts';
import { type S3Server, startS3 } from '../support/s3.ts';

const ACTION = join(REPO_ROOT, 'actions/backup');
let s3: S3Server;
let workspace: string;

beforeAll(async () => {
  s3 = await startS3('backups');
  Object.assign(process.env, s3.env);
  workspace = mkdtempSync(join(tmpdir(), 'backup-s3-'));
  writeFileSync(join(workspace, 'notes.txt'), 'remember the milk\n'.repeat(1000));
});
afterAll(async () => {
  await s3?.stop();
});

function run(inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  return runActionBundle(ACTION, {
    inputs: { destination: 's3://backups/nightly', 's3-endpoint': s3.endpoint, ...inputs },
    workspace,
    env: s3.env,
    timeoutMs: 120_000,
    ...options,
  });
}

async function objectKeys(prefix: string): Promise<string[]> {
  const client = await createS3Client({ endpoint: s3.endpoint });
  const page = await client.send(new ListObjectsV2Command({ Bucket: 'backups', Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key as string).sort();
}

async function objectSha256(key: string): Promise<string> {
  const client = await createS3Client({ endpoint: s3.endpoint });
  const answer = await client.send(new GetObjectCommand({ Bucket: 'backups', Key: key }));
  return createHash('sha256')
    .update(Buffer.from(await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()))
    .digest('hex');
}

describe('s3 destination', () => {
  it('uploads data, sidecar and manifest; the stored object hashes to the manifest', async () => {
    const result = await run({ name: 'notes', source: 'files', paths: 'notes.txt' });
    expect(result.errors).toEqual([]);
    const id = result.outputs['backup-id'];
    expect(result.outputs.location).toBe(`s3://backups/nightly/notes/${id}.tar.gz`);
    expect(await objectKeys('nightly/notes/')).toEqual([
      `nightly/notes/${id}.manifest.json`,
      `nightly/notes/${id}.tar.gz`,
      `nightly/notes/${id}.tar.gz.sha256`,
    ]);
    expect(await objectSha256(`nightly/notes/${id}.tar.gz`)).toBe(result.outputs.sha256);
    const listing = await listManifests('s3://backups/nightly', 'notes', { s3: { endpoint: s3.endpoint } });
    expect(listing.broken).toEqual([]);
    expect(listing.manifests.map((manifest) => manifest.id)).toEqual([id]);
    const verified = await run({ name: 'notes', mode: 'verify' });
    expect(verified.exitCode).toBe(0);
    expect(verified.outputs.verified).toBe('true');
  });

  it('streams a large backup as a multipart upload without corrupting it', async () => {
    const result = await run({
      name: 'big',
      source: 'command',
      command: `node -e "const c=require('crypto');for(let i=0;i<20;i++)process.stdout.write(c.randomBytes(1048576))"`,
      compression: 'none',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs['size-bytes']).toBe(String(20 * 1048576));
    const id = result.outputs['backup-id'];
    expect(await objectSha256(`nightly/big/${id}.bin`)).toBe(result.outputs.sha256);
    const verified = await run({ name: 'big', mode: 'verify' });
    expect(verified.exitCode).toBe(0);
  });

  it('a failing command leaves no object behind', async () => {
    const result = await run({
      name: 'failing',
      source: 'command',
      command: `node -e "process.stdout.write('x'.repeat(100000)); process.exit(3)"`,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('node exited with code 3');
    expect(await objectKeys('nightly/failing/')).toEqual([]);
  });

  it('a restore drill reads from S3, records drill.json there, and status sees it', async () => {
    const backup = await run({ name: 'drilled', source: 'files', paths: 'notes.txt', compression: 'zstd' });
    expect(backup.errors).toEqual([]);
    const drill = await run({ name: 'drilled', mode: 'restore', 'restore-dir': 'restored' });
    expect(drill.errors).toEqual([]);
    expect(readFileSync(join(workspace, 'restored/notes.txt'), 'utf8')).toBe('remember the milk\n'.repeat(1000));
    expect(await objectKeys('nightly/drilled/')).toContain(`nightly/drilled/${backup.outputs['backup-id']}.drill.json`);
    const status = await run({ name: 'drilled', mode: 'status', 'max-drill-age': '1h' });
    expect(status.exitCode).toBe(0);
    expect(status.outputs['latest-drill-age-seconds']).toMatch(/^\d+$/);
  });

  it('status and prune work against S3', async () => {
    const first = await run({ name: 'rotating', source: 'files', paths: 'notes.txt' });
    const second = await run({ name: 'rotating', source: 'files', paths: 'notes.txt', 'keep-last': '1' });
    expect(JSON.parse(second.outputs.pruned)).toEqual([first.outputs['backup-id']]);
    expect((await objectKeys('nightly/rotating/')).some((key) => key.includes(first.outputs['backup-id']))).toBe(false);
    const status = await run({ name: 'rotating', mode: 'status' });
    expect(status.exitCode).toBe(0);
    expect(status.outputs['latest-id']).toBe(second.outputs['backup-id']);
  });
});
