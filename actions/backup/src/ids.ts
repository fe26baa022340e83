// Backup ids and file names: `<id>` is the UTC start time `YYYYMMDDTHHMMSSZ`, a dash and a random
// suffix, so ids sort by time and two runs in the same second still differ.
import { randomBytes } from 'node:crypto';
import { BACKUP_ID_PATTERN } from '../../../src/kernel/backup-manifest.ts';
import type { Compression, SourceType } from './inputs.ts';

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const SUFFIX_LENGTH = 6;

/** `20261125T030000Z-k3f9x2` for 2026-11-25T03:00:00.xxxZ. */
export function backupId(at: Date, random: (size: number) => Uint8Array = randomBytes): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  // 36 does not divide 256 evenly; the bias (< 1%) does not matter for a uniqueness suffix.
  const suffix = [...random(SUFFIX_LENGTH)].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
  const id = `${stamp}-${suffix}`;
  if (!BACKUP_ID_PATTERN.test(id)) throw new Error(`backup id ${id} does not match ${BACKUP_ID_PATTERN}`);
  return id;
}

/** The UTC time an id was taken at (to the second). */
export function timeOfId(id: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-/.exec(id);
  if (!match) throw new Error(`not a backup id: ${id}`);
  const [, y, mo, d, h, mi, s] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** The file extension of the stored data, e.g. `.dump`, `.tar.gz`, `.zst.age`. */
export function dataExtension(source: SourceType, compression: Compression, encrypted: boolean): string {
  const base =
    source === 'postgres'
      ? '.dump'
      : `${source === 'files' ? '.tar' : compression === 'none' ? '.bin' : ''}${compression === 'gzip' ? '.gz' : compression === 'zstd' ? '.zst' : ''}`;
  return `${base}${encrypted ? '.age' : ''}`;
}

/** The stored compression: PostgreSQL custom-format dumps are compressed by pg_dump, never again. */
export function effectiveCompression(source: SourceType, requested: Compression): Compression {
  return source === 'postgres' ? 'none' : requested;
}

export const partialName = (id: string) => `.${id}.partial`;
export const sidecarName = (file: string) => `${file}.sha256`;
export const drillName = (id: string) => `${id}.drill.json`;
