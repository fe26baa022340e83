// Severity names, their aliases, ordering and response targets: the vocabulary every action shares.

export type Severity = 'sev1' | 'sev2' | 'sev3' | 'sev4';
export const SEVERITIES: readonly Severity[] = ['sev1', 'sev2', 'sev3', 'sev4'];

/** Every accepted spelling (lower-cased) mapped to its canonical severity. */
export const SEVERITY_ALIASES: Readonly<Record<string, Severity>> = {
  sev1: 'sev1',
  sev2: 'sev2',
  sev3: 'sev3',
  sev4: 'sev4',
  p0: 'sev1',
  p1: 'sev2',
  p2: 'sev3',
  p3: 'sev4',
  critical: 'sev1',
  high: 'sev2',
  medium: 'sev3',
  low: 'sev4',
};

export const SEVERITY_HINT = 'one of sev1, sev2, sev3, sev4 (or p0..p3, critical, high, medium, low)';

export interface SeverityInfo {
  /** How soon someone must respond, in words and minutes. */
  responseTarget: string;
  responseMinutes: number;
  meaning: string;
  color: string;
}

export const SEVERITY_INFO: Readonly<Record<Severity, SeverityInfo>> = {
  sev1: { responseTarget: '15 min', responseMinutes: 15, meaning: 'Critical', color: 'b60205' },
  sev2: { responseTarget: '1 h', responseMinutes: 60, meaning: 'High', color: 'd93f0b' },
  sev3: { responseTarget: '4 h', responseMinutes: 240, meaning: 'Medium', color: 'fbca04' },
  sev4: { responseTarget: '24 h', responseMinutes: 1440, meaning: 'Low', color: 'fef2c0' },
};

/** The canonical severity for any accepted spelling; own keys only, so `__proto__` is no severity. */
export function canonicalSeverity(text: string): Severity | undefined {
  const key = text.trim().toLowerCase();
  return Object.hasOwn(SEVERITY_ALIASES, key) ? SEVERITY_ALIASES[key] : undefined;
}

/** True when `a` is more severe than `b` (sev1 is the most severe). */
export function isMoreSevere(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) < SEVERITIES.indexOf(b);
}

/** The most severe `sevN` among label names, if any. */
export function severityFromLabels(labels: readonly string[]): Severity | undefined {
  const found = labels
    .map((label) => label.toLowerCase())
    .filter((label): label is Severity => SEVERITIES.includes(label as Severity));
  return SEVERITIES.find((severity) => found.includes(severity));
}

/** `[SEV2]` — the prefix a record's title carries. */
export function titlePrefix(severity: Severity): string {
  return `[${severity.toUpperCase()}]`;
}
