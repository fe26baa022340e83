// `${VAR}` expansion from the environment, and redaction of expanded values that must never be shown.

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type Expansion = { ok: true; text: string; values: string[] } | { ok: false; missing: string[] };

/**
 * Replaces every `${NAME}` with the environment's value. An unset variable is an error rather than
 * an empty string: a missing secret would otherwise send `Bearer ` and fail as a confusing 401.
 */
export function expandVariables(text: string, env: Readonly<Record<string, string | undefined>>): Expansion {
  const missing: string[] = [];
  const values: string[] = [];
  const expanded = text.replace(VARIABLE, (_, name: string) => {
    const value = env[name];
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    if (value !== '') values.push(value);
    return value;
  });
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text: expanded, values };
}

/** Replaces every secret value in `text` with `***`, longest first so a secret containing another is not half-shown. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret !== '') out = out.split(secret).join('***');
  }
  return out;
}
