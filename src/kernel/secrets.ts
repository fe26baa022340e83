// Redaction of secret values from text we quote (failures, summaries, reports), in every form a service may echo them.

/**
 * The forms in which a secret can show up in text we quote: as it is, and escaped inside a JSON
 * string (a service that echoes `a"b` back as JSON sends `a\"b`). Longest first, so a secret that
 * contains another is not half-shown.
 */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every secret value in `text` (raw or JSON-escaped) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const form of secretForms(secrets)) out = out.split(form).join('***');
  return out;
}
