// The guards around a retention plan (pure): the newest verified backup is never removed, and a plan
// that would keep nothing is refused.
import type { BackupManifest } from '../../../src/kernel/backup-manifest.ts';
import { planRetention, type RetentionPlan, type RetentionPolicy } from './retention.ts';

export type GuardedPlan = { ok: true; plan: RetentionPlan; notes: string[] } | { ok: false; reason: string };

export function planPrune(manifests: readonly BackupManifest[], policy: RetentionPolicy): GuardedPlan {
  const plan = planRetention(
    manifests.map((manifest) => ({ id: manifest.id, createdAt: new Date(manifest.createdAt) })),
    policy,
  );
  const notes: string[] = [];
  const newestVerified = [...manifests]
    .filter((manifest) => manifest.verified)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1))[0];
  if (newestVerified) {
    const index = plan.remove.findIndex((backup) => backup.id === newestVerified.id);
    if (index >= 0) {
      const [saved] = plan.remove.splice(index, 1);
      plan.keep.unshift({ ...saved, reasons: ['newest verified backup (never removed)'] });
      plan.keep.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      notes.push(`${saved.id} is the newest verified backup: kept although no rule keeps it.`);
    }
  }
  if (plan.keep.length === 0 && plan.remove.length > 0) {
    return {
      ok: false,
      reason: `the retention rules would keep none of the ${plan.remove.length} backups; nothing was deleted. Raise a keep-* count.`,
    };
  }
  return { ok: true, plan, notes };
}
