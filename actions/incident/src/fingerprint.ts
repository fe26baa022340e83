// Fingerprints: the deduplication key of a record, derived from its title in any script.
import { createHash } from 'node:crypto';

/** Letters, marks and digits of every script, plus `. _ : / -`; never `>`, so it cannot end the marker. */
export const FINGERPRINT_PATTERN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}._:/-]{0,99}$/u;
export const FINGERPRINT_HINT =
  '1 to 100 characters: letters (any script), digits and . _ : / -, starting with a letter or digit';

/**
 * The deduplication key a title implies: `Checkout 5xx rate > 2%` → `checkout-5xx-rate-2`,
 * `Платежи не работают` → `платежи-не-работают`. Accents on Latin letters are dropped (so titles
 * keep the keys earlier versions derived), marks of other scripts are kept (they carry meaning).
 * A title without letters or digits (emoji only) gets `incident-` and a hash of the title.
 */
export function deriveFingerprint(title: string): string {
  const slug = [
    ...title
      .normalize('NFKD')
      .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^[-\p{M}]+|-+$/gu, ''),
  ]
    .slice(0, 100)
    .join('')
    .replace(/-+$/, '');
  if (slug) return slug;
  const hash = createHash('sha256').update(title.normalize('NFC')).digest('hex').slice(0, 12);
  return `incident-${hash}`;
}
