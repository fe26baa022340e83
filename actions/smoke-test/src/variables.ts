// `${VAR}` expansion from the step's environment, and the rule for which variables a check may name.

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Values shorter than this are not treated as secrets: masking `2` would turn every 2 in the log
 * into `***`. The action warns about each such variable instead.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Variables that are never expanded, in any letter case: the action's own inputs (`INPUT_TOKEN` is
 * the GitHub token) and the runner's internal credentials (`ACTIONS_RUNTIME_TOKEN`,
 * `ACTIONS_ID_TOKEN_REQUEST_TOKEN`, `ACTIONS_CACHE_URL`...). Everything else in the step's
 * environment is the workflow's to pass: `env:` on the step or the job, and `GITHUB_*` facts.
 */
const RESERVED_PREFIXES = ['INPUT_', 'ACTIONS_'];

function isReservedVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

export interface UsedVariable {
  name: string;
  value: string;
}

export type Expansion = { ok: true; text: string; used: UsedVariable[] } | { ok: false; problem: string };

/**
 * Replaces every `${NAME}` with the environment's value. An unset variable is an error rather than
 * an empty string: a missing secret would otherwise send `Bearer ` and fail as a confusing 401.
 */
export function expandVariables(text: string, env: Readonly<Record<string, string | undefined>>): Expansion {
  const missing: string[] = [];
  const reserved: string[] = [];
  const used: UsedVariable[] = [];
  const expanded = text.replace(VARIABLE, (_, name: string) => {
    if (isReservedVariable(name)) {
      if (!reserved.includes(name)) reserved.push(name);
      return '';
    }
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    used.push({ name, value });
    return value;
  });
  const listed = (names: string[]) => names.map((name) => `\${${name}}`).join(', ');
  if (reserved.length > 0) {
    return {
      ok: false,
      problem: `${listed(reserved)} cannot be used: INPUT_* and ACTIONS_* variables are the action's own inputs and the runner's credentials. Pass the value in the step's env (env: { SMOKE_TOKEN: ... }) and write \${SMOKE_TOKEN}`,
    };
  }
  if (missing.length > 0) {
    return { ok: false, problem: `${listed(missing)} ${missing.length > 1 ? 'are' : 'is'} not set in the environment` };
  }
  return { ok: true, text: expanded, used };
}

/** True when the text refers to at least one `${VAR}`. */
export function hasVariables(text: string): boolean {
  return new RegExp(VARIABLE.source).test(text);
}

/**
 * The values to mask and redact (those long enough to be secrets), and the names of variables whose
 * values are too short to mask, from the variables expanded into headers and bodies.
 */
export function secretsOf(used: readonly UsedVariable[]): { secrets: string[]; unmaskedVariables: string[] } {
  const secrets = new Set<string>();
  const unmasked = new Set<string>();
  for (const { name, value } of used) {
    if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
    else if (value !== '') unmasked.add(name);
  }
  return { secrets: [...secrets], unmaskedVariables: [...unmasked] };
}
