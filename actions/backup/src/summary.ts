// The job summary and outputs of a backup run: what a person reads at a glance and the next step uses.
import { cell, heading, table } from '../../../src/kernel/report.ts';
import type { BackupOutcome, PruneReport } from './result.ts';
import { formatBytes } from './streams.ts';

export function outputsFor(outcome: BackupOutcome): Record<string, string | number | undefined> {
  const written = outcome.mode === 'backup' || outcome.mode === 'verify' || outcome.mode === 'restore';
  return {
    'backup-id': written ? outcome.manifest?.id : undefined,
    location: outcome.location,
    sha256: written ? outcome.manifest?.sha256 : undefined,
    'size-bytes': written ? outcome.manifest?.sizeBytes : undefined,
    'duration-ms': outcome.durationMs,
    verified: outcome.verified === undefined ? undefined : String(outcome.verified),
    kept: outcome.prune?.plan.keep.length,
    pruned: outcome.prune
      ? JSON.stringify(
          outcome.prune.dryRun ? outcome.prune.plan.remove.map((backup) => backup.id) : outcome.prune.deleted,
        )
      : undefined,
    'latest-id': outcome.latest?.id,
    'latest-age-seconds': outcome.latest?.ageSeconds,
    'latest-drill-age-seconds': outcome.latestDrill?.ageSeconds,
  };
}

/** The retention plan, written to the summary before anything is deleted. */
export function renderPlan(report: PruneReport, name: string): string {
  const verb = report.dryRun ? 'would remove' : 'removes';
  const rows = [
    ...report.plan.keep.map((backup) => [backup.id, backup.createdAt.toISOString(), 'keep', backup.reasons.join(', ')]),
    ...report.plan.remove.map((backup) => [
      backup.id,
      backup.createdAt.toISOString(),
      report.dryRun ? 'would remove' : 'remove',
      '',
    ]),
  ].sort((a, b) => (a[0] < b[0] ? 1 : -1));
  return [
    heading(`Retention plan for ${name}${report.dryRun ? ' (dry run: nothing deleted)' : ''}`, 3),
    `Keeps ${report.plan.keep.length}, ${verb} ${report.plan.remove.length}.`,
    ...report.notes.map((note) => `> ${note}`),
    '',
    table(['backup', 'taken (UTC)', 'decision', 'why kept'], rows),
    '',
  ].join('\n');
}

export function summaryFor(outcome: BackupOutcome): string {
  const lines: string[] = [];
  const verdict = outcome.failure ? '❌' : '✅';
  const manifest = outcome.manifest;
  switch (outcome.mode) {
    case 'backup':
      lines.push(heading(`${verdict} Backup ${manifest?.id ?? ''} of ${outcome.name}`));
      break;
    case 'verify':
      lines.push(heading(`${verdict} Verified ${manifest?.id ?? ''} of ${outcome.name}`));
      break;
    case 'prune':
      lines.push(heading(`${verdict} Pruned ${outcome.name}`));
      break;
    case 'status':
      lines.push(heading(`${verdict} Backup status of ${outcome.name}`));
      break;
    case 'restore':
      lines.push(heading(`${verdict} Restore drill of ${manifest?.id ?? ''} (${outcome.name})`));
      break;
  }
  if (outcome.failure) lines.push('', `**${cell(outcome.failure)}**`);
  if (manifest && outcome.mode !== 'status') {
    lines.push(
      '',
      table(
        ['', ''],
        [
          ['location', outcome.location],
          [
            'source',
            `${manifest.source.type}${manifest.source.database ? ` (${manifest.source.database}, PostgreSQL ${manifest.source.serverVersion})` : ''}`,
          ],
          ['size', `${formatBytes(manifest.sizeBytes)} (${manifest.sizeBytes} bytes)`],
          ['sha256', `\`${manifest.sha256}\``],
          ['compression', manifest.compression],
          ['encryption', manifest.encryption ? `age, ${manifest.encryption.recipients.length} recipient(s)` : 'none'],
          ['taken', manifest.createdAt],
          ['duration', `${outcome.durationMs} ms`],
        ],
      ),
    );
  }
  if (outcome.verify) {
    lines.push(
      '',
      ...outcome.verify.checks.map((check) => `- ✅ ${check}`),
      ...outcome.verify.problems.map((p) => `- ❌ ${cell(p)}`),
    );
  }
  if (outcome.mode === 'status') {
    lines.push(
      '',
      table(
        ['', ''],
        [
          [
            'newest verified backup',
            outcome.latest ? `${outcome.latest.id} (${formatAge(outcome.latest.ageSeconds)} old)` : 'none',
          ],
          [
            'newest successful restore drill',
            outcome.latestDrill
              ? `of ${outcome.latestDrill.id} (${formatAge(outcome.latestDrill.ageSeconds)} old)`
              : 'none',
          ],
        ],
      ),
    );
  }
  const drill = outcome.drill;
  if (drill) {
    lines.push(
      '',
      `Restored into \`${cell(drill.target)}\` in ${drill.durationMs} ms; checksum ${drill.sha256Matches ? 'matches' : 'DOES NOT match'}.`,
    );
    if (drill.files !== undefined) lines.push(`${drill.files} files extracted.`);
    if (drill.rowCounts.length > 0) {
      lines.push(
        '',
        table(
          ['table', 'expected rows', 'found rows', ''],
          drill.rowCounts.map((row) => [row.table, row.expected ?? '—', row.found ?? '—', row.ok ? '✅' : '❌']),
        ),
      );
    }
    if (drill.verifySql.length > 0) {
      lines.push(
        '',
        table(
          ['verify-sql', 'first column', ''],
          drill.verifySql.map((check) => [check.sql, check.value, check.ok ? '✅' : '❌']),
        ),
      );
    }
  }
  if (outcome.prune && outcome.mode === 'prune') {
    lines.push(
      '',
      outcome.prune.dryRun ? 'Dry run: nothing was deleted.' : `Deleted ${outcome.prune.deleted.length} backup(s).`,
    );
  }
  if (outcome.broken.length > 0) {
    lines.push(
      '',
      '**Unreadable manifests (not counted as backups):**',
      ...outcome.broken.map((b) => `- \`${cell(b.file)}\`: ${cell(b.error)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** An age the way a person reads it: `42s`, `17m`, `5h 3m`, `3d 4h`. */
export function formatAge(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
