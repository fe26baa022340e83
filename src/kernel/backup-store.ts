// Reads a backup destination (a folder, or `s3://bucket/prefix`): lists the manifests of a series and
// opens stored files. Shared by actions/backup and the deploy gate's backup gate; the AWS SDK is loaded
// only when a destination is on S3, so a folder destination costs nothing at start-up.
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { type BackupManifest, MANIFEST_SUFFIX, parseManifest } from './backup-manifest.ts';

export type Destination =
  | { kind: 'folder' /** Absolute path (the caller applies the input path policy). */; path: string }
  | { kind: 's3'; bucket: string /** Key prefix without leading or trailing slash; may be ''. */; prefix: string };

export interface S3Settings {
  /** For S3-compatible storage (MinIO, R2, s3rver); path-style addressing is used with it. */
  endpoint?: string;
  region?: string;
}

export interface StoreOptions {
  s3?: S3Settings;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://bucket/prefix`; anything else is a folder path (returned as given, to be resolved by
 * the caller). Returns an error text for a malformed s3:// address.
 */
export function parseDestination(text: string): Destination | { error: string } {
  if (!/^s3:\/\//i.test(text)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      return { error: 'expected a folder or s3://bucket/prefix (no other URL schemes).' };
    }
    return { kind: 'folder', path: text };
  }
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
  if (!BUCKET.test(bucket)) {
    return {
      error: 'expected s3://bucket/prefix with a bucket name of 3-63 lowercase letters, digits, dots or dashes.',
    };
  }
  if (prefix.split('/').some((part) => part === '.' || part === '..')) {
    return { error: 'the S3 prefix may not contain "." or ".." segments.' };
  }
  return { kind: 's3', bucket, prefix };
}

/** Read access to one destination: keys are `/`-separated paths relative to the destination. */
export interface StoreReader {
  /** A readable description for messages: the folder path or the s3:// address. */
  readonly where: string;
  /** Names of the entries directly inside `folder` (relative key); [] when it does not exist. */
  list(folder: string): Promise<string[]>;
  readText(key: string): Promise<string>;
  readStream(key: string): Promise<Readable>;
  /** Where a key is, for messages and outputs (a path or an s3:// address). */
  locate(key: string): string;
}

export function folderReader(root: string): StoreReader {
  return {
    where: root,
    async list(folder) {
      try {
        return (await readdir(join(root, folder), { withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => entry.name)
          .sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    readText: (key) => readFile(join(root, key), 'utf8'),
    async readStream(key) {
      const stream = createReadStream(join(root, key));
      // Surface a missing file here rather than on the first read.
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      return stream;
    },
    locate: (key) => join(root, key),
  };
}

/** The S3 client every S3 access uses: path style for custom endpoints, no checksum framing on uploads. */
export async function createS3Client(settings: S3Settings = {}): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    region: settings.region || 'us-east-1',
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    // Streamed uploads otherwise carry aws-chunked framing that some S3-compatible servers store as data.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function s3Key(prefix: string, key: string): string {
  return prefix ? `${prefix}/${key}` : key;
}

export async function s3Reader(bucket: string, prefix: string, client: S3Client): Promise<StoreReader> {
  const { GetObjectCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const getObject = async (key: string) => {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: s3Key(prefix, key) }));
    if (!answer.Body) throw new Error(`s3://${bucket}/${s3Key(prefix, key)} has no body`);
    return answer.Body as Readable;
  };
  return {
    where: `s3://${bucket}${prefix ? `/${prefix}` : ''}`,
    async list(folder) {
      const listPrefix = `${s3Key(prefix, folder)}/`;
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: listPrefix, Delimiter: '/', ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key) names.push(object.Key.slice(listPrefix.length));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return names.sort();
    },
    async readText(key) {
      const body = await getObject(key);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks).toString('utf8');
    },
    readStream: getObject,
    locate: (key) => `s3://${bucket}/${s3Key(prefix, key)}`,
  };
}

/** A reader for a parsed destination (S3 loads the SDK). */
export async function openReader(destination: Destination, options: StoreOptions = {}): Promise<StoreReader> {
  if (destination.kind === 'folder') return folderReader(destination.path);
  return s3Reader(destination.bucket, destination.prefix, await createS3Client(options.s3));
}

export interface BrokenManifest {
  file: string;
  error: string;
}

export interface ManifestListing {
  /** Valid manifests of the series, oldest first (by createdAt, then id). */
  manifests: BackupManifest[];
  /** Manifest files that could not be read or do not match the schema or their series. */
  broken: BrokenManifest[];
}

/**
 * Lists `<destination>/<name>/*.manifest.json`. Data without a manifest is never a backup; a manifest
 * that is unreadable, invalid, or names another series is reported under `broken`, never thrown.
 * `destination` is a parsed Destination, or the text of one (a folder path must then be absolute).
 */
export async function listManifests(
  destination: Destination | string | StoreReader,
  name: string,
  options: StoreOptions = {},
): Promise<ManifestListing> {
  const reader = await readerFor(destination, options);
  const files = (await reader.list(name)).filter((file) => file.endsWith(MANIFEST_SUFFIX) && !file.startsWith('.'));
  const manifests: BackupManifest[] = [];
  const broken: BrokenManifest[] = [];
  for (const file of files) {
    const key = `${name}/${file}`;
    let text: string;
    try {
      text = await reader.readText(key);
    } catch (error) {
      broken.push({ file: reader.locate(key), error: `unreadable (${(error as Error).message})` });
      continue;
    }
    const read = parseManifest(file, text);
    if (!read.ok) broken.push({ file: reader.locate(key), error: read.error });
    else if (read.manifest.name !== name) {
      broken.push({ file: reader.locate(key), error: `it belongs to series "${read.manifest.name}", not "${name}"` });
    } else manifests.push(read.manifest);
  }
  // Ids sort by time only to the second; createdAt has the milliseconds.
  manifests.sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { manifests, broken };
}

async function readerFor(destination: Destination | string | StoreReader, options: StoreOptions) {
  if (typeof destination === 'object' && 'list' in destination) return destination;
  const parsed = typeof destination === 'string' ? parseDestination(destination) : destination;
  if ('error' in parsed) throw new Error(`destination "${destination}": ${parsed.error}`);
  return openReader(parsed, options);
}
