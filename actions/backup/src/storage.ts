// Writes, reads back and deletes files at a destination. A folder gets `.<id>.partial` + fsync +
// rename; S3 gets a streamed (multipart) upload that is invisible until complete. The S3 SDK is
// loaded only for s3:// destinations.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createS3Client,
  type Destination,
  folderReader,
  type S3Settings,
  type StoreReader,
  s3Key,
  s3Reader,
} from '../../../src/kernel/backup-store.ts';

export interface BackupStorage extends StoreReader {
  /** Streams `data` to `key`; nothing is visible at `key` unless every byte arrived and is durable. */
  writeStream(key: string, partialKey: string, data: Readable): Promise<void>;
  /** Writes a small file atomically. */
  writeText(key: string, text: string): Promise<void>;
  /** Deletes a file; a missing file is not an error. */
  remove(key: string): Promise<void>;
}

async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function folderStorage(root: string): BackupStorage {
  const reader = folderReader(root);
  const commit = async (partial: string, final: string) => {
    await rename(partial, final);
    // The rename itself must survive a crash, or the manifest could land without its data.
    await fsyncFolder(dirname(final));
  };
  return {
    ...reader,
    async writeStream(key, partialKey, data) {
      const final = join(root, key);
      const partial = join(root, partialKey);
      await mkdir(dirname(final), { recursive: true });
      const handle = await open(partial, 'wx');
      try {
        // flush: fsync before close, so the renamed file is on disk.
        await pipeline(data, handle.createWriteStream({ flush: true }));
      } catch (error) {
        await handle.close().catch(() => {});
        await unlink(partial).catch(() => {});
        throw error;
      }
      await commit(partial, final);
    },
    async writeText(key, text) {
      const final = join(root, key);
      await mkdir(dirname(final), { recursive: true });
      const temporary = join(dirname(final), `.${randomBytes(4).toString('hex')}.tmp`);
      try {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(text);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await commit(temporary, final);
      } catch (error) {
        await unlink(temporary).catch(() => {});
        throw error;
      }
    },
    async remove(key) {
      try {
        await unlink(join(root, key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
  };
}

export async function s3Storage(bucket: string, prefix: string, settings: S3Settings): Promise<BackupStorage> {
  const client = await createS3Client(settings);
  const [{ DeleteObjectCommand, PutObjectCommand }, { Upload }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/lib-storage'),
  ]);
  const reader = await s3Reader(bucket, prefix, client);
  return {
    ...reader,
    async writeStream(key, _partialKey, data) {
      // A multipart upload is invisible until completed; a failed stream aborts it.
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: s3Key(prefix, key), Body: data },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
        leavePartsOnError: false,
      });
      await upload.done();
    },
    async writeText(key, text) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: s3Key(prefix, key), Body: text, ContentType: 'application/json' }),
      );
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: s3Key(prefix, key) }));
    },
  };
}

export async function openStorage(destination: Destination, settings: S3Settings): Promise<BackupStorage> {
  return destination.kind === 'folder'
    ? folderStorage(destination.path)
    : s3Storage(destination.bucket, destination.prefix, settings);
}
