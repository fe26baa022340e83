// The backup action's inputs: one zod schema whose keys are exactly action.yml's inputs, plus the
// checks that need the file system (destination and restore-dir policy). Every rule runs before any
// side effect, and every refusal names the input.
import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { BACKUP_ID_PATTERN, BACKUP_NAME_PATTERN } from '../../../src/kernel/backup-manifest.ts';
import { type Destination, parseDestination, type S3Settings } from '../../../src/kernel/backup-store.ts';
import { UserError } from '../../../src/kernel/errors.ts';
import { type AllowedRoots, resolveInputPath } from '../../../src/kernel/files.ts';
import { boolean, duration, integer, parseInputs, type RawInputs } from '../../../src/kernel/inputs.ts';
import { isAgeIdentity, isAgeRecipient } from './age-recipients.ts';
import type { RetentionPolicy } from './retention.ts';
import { splitCommandLine } from './words.ts';

export const MODES = ['backup', 'verify', 'prune', 'status', 'restore'] as const;
export type Mode = (typeof MODES)[number];
export const SOURCES = ['postgres', 'files', 'command'] as const;
export type SourceType = (typeof SOURCES)[number];
export const COMPRESSIONS = ['gzip', 'zstd', 'none'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** Inputs whose values are never echoed. */
export const SECRET_INPUTS = ['database-url', 'restore-url', 'identity'] as const;

/** One of a fixed set of words, looked up as own values only (`constructor` is not a mode). */
function word<const Value extends string>(values: readonly Value[]) {
  const allowed = values.join(', ');
  return z.string().transform((text, ctx): Value => {
    const found = values.find((value) => value === text.toLowerCase());
    if (found === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected one of: ${allowed}.` });
      return z.NEVER;
    }
    return found;
  });
}

function lines() {
  return z.string().transform((text) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

function postgresUrl() {
  return z.string().refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1;
    } catch {
      return false;
    }
  }, 'expected postgres://user:password@host:port/database (with a database name).');
}

const keepCount = () => integer({ min: 0, max: 1_000_000 }).optional();

export const backupInputSchema = z
  .object({
    mode: word(MODES).default('backup'),
    name: z
      .string()
      .regex(BACKUP_NAME_PATTERN, 'expected letters, digits, ".", "_" or "-" only (no slashes), e.g. app-db.')
      .optional(),
    source: word(SOURCES).optional(),
    'database-url': postgresUrl().optional(),
    paths: lines().default([]),
    exclude: lines().default([]),
    command: z
      .string()
      .transform((text, ctx) => {
        const split = splitCommandLine(text);
        if (!split.ok) {
          ctx.addIssue({ code: 'custom', message: split.error });
          return z.NEVER;
        }
        return split.words;
      })
      .optional(),
    destination: z.string().default('backups'),
    's3-endpoint': z
      .string()
      .refine((text) => /^https?:\/\/[^\s/]+/.test(text) && URL.canParse(text), 'expected an http(s) URL.')
      .optional(),
    's3-region': z
      .string()
      .regex(/^[a-z0-9-]+$/, 'expected a region name such as us-east-1.')
      .default('us-east-1'),
    compression: word(COMPRESSIONS).default('gzip'),
    'encrypt-to': lines()
      .pipe(
        z.array(z.string().refine(isAgeRecipient, 'expected age recipients (age1… from age-keygen), one per line.')),
      )
      .default([]),
    identity: z
      .string()
      .refine(isAgeIdentity, 'expected an age identity (AGE-SECRET-KEY-1… from age-keygen).')
      .optional(),
    'keep-last': keepCount(),
    'keep-hourly': keepCount(),
    'keep-daily': keepCount(),
    'keep-weekly': keepCount(),
    'keep-monthly': keepCount(),
    'keep-yearly': keepCount(),
    'dry-run': boolean().default(false),
    'max-age': duration().default(24 * 3_600_000),
    'backup-id': z
      .string()
      .regex(BACKUP_ID_PATTERN, 'expected a backup id such as 20261125T030000Z-k3f9x2 (or empty for the newest).')
      .optional(),
    'restore-url': postgresUrl().optional(),
    'restore-dir': z.string().optional(),
    'verify-sql': lines().default([]),
    'max-drill-age': duration().optional(),
  })
  .superRefine((inputs, ctx) => {
    const need = (input: string, why: string) => ctx.addIssue({ code: 'custom', path: [input], message: why });
    if (inputs.mode === 'backup') {
      if (!inputs.source) need('source', 'is required when mode is backup: postgres, files or command.');
      if (inputs.source === 'postgres' && !inputs['database-url'])
        need('database-url', 'is required for source postgres.');
      if (inputs.source === 'files' && inputs.paths.length === 0) need('paths', 'is required for source files.');
      if (inputs.source === 'command' && !inputs.command) need('command', 'is required for source command.');
    }
    for (const [input, globs] of [
      ['paths', inputs.paths],
      ['exclude', inputs.exclude],
    ] as const) {
      const outside = globs.find((glob) => glob.startsWith('/') || glob.split('/').includes('..'));
      if (outside) need(input, `"${outside}" leaves the workspace: give paths or globs relative to it, without "..".`);
    }
    if (inputs.mode === 'prune' && retentionOf(inputs) === undefined) {
      need(
        'keep-last',
        'mode prune needs a retention rule: set at least one of keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly.',
      );
    }
    if (inputs.mode === 'restore' && !inputs['restore-url'] && !inputs['restore-dir']) {
      need('restore-url', 'mode restore needs restore-url (a PostgreSQL backup) or restore-dir (a files backup).');
    }
  });

export const BACKUP_INPUT_NAMES = Object.keys(backupInputSchema.shape);
type BackupInputs = z.output<typeof backupInputSchema>;

function retentionOf(inputs: BackupInputs): RetentionPolicy | undefined {
  const policy: RetentionPolicy = {
    last: inputs['keep-last'],
    hourly: inputs['keep-hourly'],
    daily: inputs['keep-daily'],
    weekly: inputs['keep-weekly'],
    monthly: inputs['keep-monthly'],
    yearly: inputs['keep-yearly'],
  };
  return Object.values(policy).some((count) => count !== undefined) ? policy : undefined;
}

export interface BackupConfig {
  mode: Mode;
  name: string;
  source?: SourceType;
  databaseUrl?: string;
  paths: string[];
  exclude: string[];
  /** argv of the `command` source. */
  command?: string[];
  destination: Destination;
  /** What the user wrote as destination, for messages. */
  destinationGiven: string;
  s3: S3Settings;
  compression: Compression;
  encryptTo: string[];
  identity?: string;
  /** Undefined when no keep-* input is set (then nothing is ever pruned). */
  retention?: RetentionPolicy;
  dryRun: boolean;
  maxAgeMs: number;
  backupId?: string;
  restoreUrl?: string;
  /** Absolute, after the input path policy. */
  restoreDir?: string;
  verifySql: string[];
  maxDrillAgeMs?: number;
  /** The workspace, which `paths` are relative to. */
  workspace: string;
}

/**
 * Parses the raw inputs; throws a UserError naming the input for every problem, before anything is
 * read, written or deleted. `repository` (owner/name) gives the default series name.
 */
export function readConfig(raw: RawInputs, roots: AllowedRoots, repository?: string): BackupConfig {
  const inputs = parseInputs(backupInputSchema, raw, { secrets: [...SECRET_INPUTS] });
  const name = inputs.name ?? repository?.split('/').pop();
  if (!name || !BACKUP_NAME_PATTERN.test(name)) {
    throw new UserError(
      "Input 'name' is required outside a repository run (GITHUB_REPOSITORY is not set): give the series a name such as app-db.",
    );
  }
  const parsed = parseDestination(inputs.destination);
  if ('error' in parsed) throw new UserError(`Input 'destination' was "${inputs.destination}": ${parsed.error}`);
  const destination: Destination =
    parsed.kind === 'folder'
      ? { kind: 'folder', path: resolveInputPath('destination', parsed.path, 'writable-folder', roots).path }
      : parsed;
  let restoreDir: string | undefined;
  if (inputs['restore-dir'] !== undefined) {
    restoreDir = resolveInputPath('restore-dir', inputs['restore-dir'], 'writable-folder', roots).path;
    let entries: string[] = [];
    try {
      entries = readdirSync(restoreDir);
    } catch {
      // Missing: it is created empty at restore time.
    }
    if (entries.length > 0) {
      throw new UserError(
        `Input 'restore-dir' was "${inputs['restore-dir']}": the folder is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, e.g. ${entries[0]}); name an empty or new folder so a restore never mixes with other files.`,
      );
    }
  }
  return {
    mode: inputs.mode,
    name,
    source: inputs.source,
    databaseUrl: inputs['database-url'],
    paths: inputs.paths,
    exclude: inputs.exclude,
    command: inputs.command,
    destination,
    destinationGiven: inputs.destination,
    s3: { endpoint: inputs['s3-endpoint'], region: inputs['s3-region'] },
    compression: inputs.compression,
    encryptTo: inputs['encrypt-to'],
    identity: inputs.identity,
    retention: retentionOf(inputs),
    dryRun: inputs['dry-run'],
    maxAgeMs: inputs['max-age'],
    backupId: inputs['backup-id'],
    restoreUrl: inputs['restore-url'],
    restoreDir,
    verifySql: inputs['verify-sql'],
    maxDrillAgeMs: inputs['max-drill-age'],
    workspace: roots.workspace,
  };
}
