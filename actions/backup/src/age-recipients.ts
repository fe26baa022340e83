// Checks age recipients (`age1…`, Bech32 with its checksum) without loading the age library, so a
// mistyped key is bad input before anything is written.

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit++) if ((top >>> bit) & 1) checksum ^= GENERATOR[bit];
  }
  return checksum;
}

/** True for a valid Bech32 string with human-readable part `hrp` and `dataLength` 5-bit words (checksum included). */
export function isBech32(text: string, hrp: string, dataLength: number): boolean {
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) return false;
  const separator = lower.lastIndexOf('1');
  if (lower.slice(0, separator) !== hrp) return false;
  const data = [...lower.slice(separator + 1)].map((char) => CHARSET.indexOf(char));
  if (data.length !== dataLength || data.some((value) => value < 0)) return false;
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5);
  expanded.push(0, ...[...hrp].map((c) => c.charCodeAt(0) & 31));
  return polymod([...expanded, ...data]) === 1;
}

/** An X25519 age recipient: `age1` + 32 bytes (52 words) + 6 checksum words. */
export function isAgeRecipient(text: string): boolean {
  return text.startsWith('age1') && isBech32(text, 'age', 58);
}

/** An X25519 age identity: `AGE-SECRET-KEY-1` + 32 bytes + checksum. */
export function isAgeIdentity(text: string): boolean {
  return text.startsWith('AGE-SECRET-KEY-1') && isBech32(text, 'age-secret-key-', 58);
}
