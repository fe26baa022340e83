// Retention as restic's `forget` (0.14) computes it, in UTC: a pure plan a person can read in the job
// summary before anything is deleted.

export interface RetentionPolicy {
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
}

export const RULES = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
export type Rule = (typeof RULES)[number];

export interface RetentionCandidate {
  id: string;
  /** When the backup was taken (the manifest's createdAt). */
  createdAt: Date;
}

export interface KeptBackup {
  id: string;
  createdAt: Date;
  /** Why it is kept, e.g. `daily`, `weekly`, `oldest monthly`. */
  reasons: string[];
}

export interface RetentionPlan {
  /** Newest first. */
  keep: KeptBackup[];
  /** Newest first. */
  remove: RetentionCandidate[];
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** ISO 8601 week (Monday-based; week 1 holds the year's first Thursday) of a UTC time. */
export function isoWeek(at: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides the year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

/** The bucket a backup falls into for a rule (restic's "bucker"); `last` gives each backup its own. */
export function bucketOf(rule: Rule, at: Date, index: number): string {
  const y = at.getUTCFullYear();
  const m = pad(at.getUTCMonth() + 1);
  const d = pad(at.getUTCDate());
  switch (rule) {
    case 'last':
      return `#${index}`;
    case 'hourly':
      return `${y}-${m}-${d}T${pad(at.getUTCHours())}`;
    case 'daily':
      return `${y}-${m}-${d}`;
    case 'weekly': {
      const week = isoWeek(at);
      return `${week.year}-W${pad(week.week)}`;
    }
    case 'monthly':
      return `${y}-${m}`;
    case 'yearly':
      return `${y}`;
  }
}

/** True when the policy has at least one rule. */
export function hasRules(policy: RetentionPolicy): boolean {
  return RULES.some((rule) => policy[rule] !== undefined);
}

/**
 * Plans which backups to keep. Backups are taken newest first; each rule keeps the newest backup of
 * each of its buckets until it has kept N buckets (buckets without a backup do not count); when a
 * rule still has counts left at the oldest backup, the oldest is kept too. A backup kept by any rule
 * is kept, with all its reasons. A policy without rules keeps everything.
 */
export function planRetention(backups: readonly RetentionCandidate[], policy: RetentionPolicy): RetentionPlan {
  const sorted = [...backups].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  if (!hasRules(policy)) {
    return { keep: sorted.map((backup) => ({ ...backup, reasons: ['no retention rules'] })), remove: [] };
  }
  const left = new Map<Rule, number>(RULES.map((rule) => [rule, policy[rule] ?? 0]));
  const lastBucket = new Map<Rule, string | undefined>();
  const keep: KeptBackup[] = [];
  const remove: RetentionCandidate[] = [];
  sorted.forEach((backup, index) => {
    const reasons: string[] = [];
    const oldest = index === sorted.length - 1;
    for (const rule of RULES) {
      if ((left.get(rule) ?? 0) <= 0) continue;
      const bucket = bucketOf(rule, backup.createdAt, index);
      const newBucket = bucket !== lastBucket.get(rule);
      if (newBucket || oldest) {
        lastBucket.set(rule, bucket);
        left.set(rule, (left.get(rule) ?? 0) - 1);
        reasons.push(newBucket ? `${rule} ${bucket.startsWith('#') ? `#${index + 1}` : bucket}` : `oldest ${rule}`);
      }
    }
    if (reasons.length > 0) keep.push({ ...backup, reasons });
    else remove.push(backup);
  });
  return { keep, remove };
}
