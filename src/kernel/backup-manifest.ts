// The backup manifest (`<destination>/<name>/<id>.manifest.json`, written last: its presence means the
// backup is complete and verified) and the one rule for "newest verified backup and its age", shared
// by actions/backup (writer, `status` mode) and actions/deploy-gate (the `backup` gate) so the two can
// never disagree.
import { z } from 'zod';
import { once } from './once.ts';

export const MANIFEST_SUFFIX = '.manifest.json';
export const MANIFEST_VERSION = 1;

/** A backup series name: `[A-Za-z0-9._-]+`, never `.` or `..` (it is a folder name). */
export const BACKUP_NAME_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
/** Backup ids: UTC start time `YYYYMMDDTHHMMSSZ`, a dash and a short random suffix, so they sort by time. */
export const BACKUP_ID_PATTERN = /^\d{8}T\d{6}Z-[a-z0-9]{4,12}$/;

function buildManifestSchema() {
  const isoUtc = z
    .string()
    .refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text) && !Number.isNaN(Date.parse(text)), {
      message: 'expected an ISO 8601 UTC time such as 2026-11-25T03:00:00.000Z',
    });

  return z.object({
    version: z.literal(MANIFEST_VERSION),
    id: z.string().regex(BACKUP_ID_PATTERN),
    name: z.string().regex(BACKUP_NAME_PATTERN),
    createdAt: isoUtc,
    completedAt: isoUtc,
    source: z
      .object({
        type: z.enum(['postgres', 'files', 'command']),
        format: z.string().optional(),
        serverVersion: z.string().optional(),
        database: z.string().optional(),
        rowCounts: z.record(z.string(), z.number().int().nonnegative()).optional(),
        files: z.number().int().nonnegative().optional(),
      })
      .passthrough(),
    file: z.string().min(1),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    compression: z.enum(['gzip', 'zstd', 'none']),
    encryption: z.union([
      z.null(),
      z.object({ type: z.literal('age'), recipients: z.array(z.string()) }).passthrough(),
    ]),
    verified: z.boolean(),
    git: z.object({ sha: z.string().optional(), runUrl: z.string().optional() }).passthrough().optional(),
  });
}

/** The manifest's zod schema. */
export const manifestSchema = once(buildManifestSchema);

export type BackupManifest = z.infer<ReturnType<typeof buildManifestSchema>>;

export type ManifestRead = { ok: true; manifest: BackupManifest } | { ok: false; file: string; error: string };

/** Parses one manifest file's text; a broken manifest is reported, never thrown. */
export function parseManifest(file: string, text: string): ManifestRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, file, error: `not JSON (${(error as Error).message})` };
  }
  const result = manifestSchema().safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, file, error: `${issue.path.join('.') || 'manifest'}: ${issue.message}` };
  }
  if (`${result.data.id}${MANIFEST_SUFFIX}` !== file.split('/').pop()) {
    return { ok: false, file, error: `its id "${result.data.id}" does not match the file name` };
  }
  return { ok: true, manifest: result.data };
}

export interface Freshness {
  /** The newest manifest with `verified: true` (by createdAt), if any. */
  latest?: BackupManifest;
  /** Whole seconds since `latest.createdAt` (0 when in the future: clock skew). */
  ageSeconds?: number;
  /** How far `latest.createdAt` lies ahead of `now`, when it does. */
  aheadMs?: number;
  /** True when there is a verified backup younger than maxAgeMs whose time can be trusted. */
  fresh: boolean;
}

/**
 * A newest backup created further ahead of the clock than this is never fresh: its time cannot be
 * trusted (a manifest dated 2099 would otherwise look fresh forever). Less is ordinary clock skew.
 */
export const BACKUP_MAX_AHEAD_MS = 5 * 60_000;

/** The newest verified backup and whether it is younger than `maxAgeMs` at `now`. */
export function judgeFreshness(manifests: readonly BackupManifest[], now: Date, maxAgeMs: number): Freshness {
  const verified = manifests.filter((manifest) => manifest.verified);
  if (verified.length === 0) return { fresh: false };
  const latest = verified.reduce((newest, manifest) =>
    Date.parse(manifest.createdAt) > Date.parse(newest.createdAt) ||
    (manifest.createdAt === newest.createdAt && manifest.id > newest.id)
      ? manifest
      : newest,
  );
  const sinceMs = now.getTime() - Date.parse(latest.createdAt);
  const ageMs = Math.max(0, sinceMs);
  const aheadMs = sinceMs < 0 ? -sinceMs : undefined;
  return {
    latest,
    ageSeconds: Math.floor(ageMs / 1000),
    ...(aheadMs !== undefined ? { aheadMs } : {}),
    fresh: ageMs < maxAgeMs && (aheadMs ?? 0) <= BACKUP_MAX_AHEAD_MS,
  };
}
