// Redaction of secret values from text we quote (failures, summaries, reports), in every form a service may echo them.

/**
 * The textual forms in which a secret can show up in text we quote, matched without regard to case
 * (a service may lower-case what it echoes, and `%2f` is `%2F`): as it is, escaped inside a JSON
 * string (`a"b` comes back as `a\"b`), and URL-encoded (`%20` or `+` for a space).
 */
function textualForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [secret, JSON.stringify(secret).slice(1, -1), encoded, encoded.replace(/%20/g, '+')];
}

/** Base64 characters shorter than this are not redacted on their own: too likely to occur by chance. */
const MIN_BASE64_CORE = 6;

/**
 * The base64 (and base64url) forms of a secret, also when it is part of a longer encoded text
 * (`Basic base64(user:secret)`): for each of the three byte alignments, the run of characters that
 * depends only on the secret's bytes. Matched exactly: base64 is case-sensitive.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  // The secret encoded alone, padding and all; then the cores that also match inside longer texts.
  const forms = [bytes.toString('base64'), bytes.toString('base64url')];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(2)]).toString('base64');
    // Character i covers bits [6i, 6i + 6): keep those entirely inside the secret's bits.
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    const core = encoded.slice(first, end);
    if (core.length < MIN_BASE64_CORE) continue;
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * Every form of the secrets, longest first so a secret that contains another is not half-shown:
 * `textual` are matched ignoring case, `exact` (base64) as they are.
 */
function secretForms(secrets: readonly string[]): { textual: string[]; exact: string[] } {
  const textual = new Set<string>();
  const exact = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of textualForms(secret)) textual.add(form);
    for (const form of base64Forms(secret)) exact.add(form);
  }
  const longestFirst = (forms: Set<string>) => [...forms].sort((a, b) => b.length - a.length);
  return { textual: longestFirst(textual), exact: longestFirst(exact) };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every secret value in `text` with `***`: as it is, JSON-escaped, URL-encoded, in any
 * letter case, and base64-encoded (alone or inside a longer encoded text).
 */
export function redact(text: string, secrets: readonly string[]): string {
  const { textual, exact } = secretForms(secrets);
  let out = text;
  if (textual.length > 0) out = out.replace(new RegExp(textual.map(escapeRegExp).join('|'), 'gi'), '***');
  if (exact.length > 0) out = out.replace(new RegExp(exact.map(escapeRegExp).join('|'), 'g'), '***');
  return out;
}
