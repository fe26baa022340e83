// `${VAR}` expansion from the environment, and redaction of expanded values that must never be shown.

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Values shorter than this are not treated as secrets: masking `2` would turn every 2 in the log
 * into `***`. The action warns about each such variable instead.
 */
export const MIN_SECRET_LENGTH = 4;

export interface UsedVariable {
  name: string;
  value: string;
}

export type Expansion = { ok: true; text: string; used: UsedVariable[] } | { ok: false; missing: string[] };

/**
 * Replaces every `${NAME}` with the environment's value. An unset variable is an error rather than
 * an empty string: a missing secret would otherwise send `Bearer ` and fail as a confusing 401.
 */
export function expandVariables(text: string, env: Readonly<Record<string, string | undefined>>): Expansion {
  const missing: string[] = [];
  const used: UsedVariable[] = [];
  const expanded = text.replace(VARIABLE, (_, name: string) => {
    const value = env[name];
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    used.push({ name, value });
    return value;
  });
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text: expanded, used };
}

/** True when the text refers to at least one `${VAR}`. */
export function hasVariables(text: string): boolean {
  return new RegExp(VARIABLE.source).test(text);
}
