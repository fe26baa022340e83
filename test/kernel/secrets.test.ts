// Redaction of secrets from quoted text in every form a service may echo them back.
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/kernel/secrets.ts';

const SECRET = 'Tok3n/Secret+Value 42';

describe('redact', () => {
  it('replaces the secret as it is, and leaves other text alone', () => {
    expect(redact(`Bearer ${SECRET}!`, [SECRET])).toBe('Bearer ***!');
    expect(redact('nothing here', [SECRET])).toBe('nothing here');
    expect(redact('anything', [])).toBe('anything');
  });

  it('replaces the JSON-escaped form', () => {
    expect(redact('{"a":"x\\"y\\\\z"}', ['x"y\\z'])).toBe('{"a":"***"}');
  });

  it('replaces the secret lower-cased or upper-cased', () => {
    expect(redact(`echo: ${SECRET.toLowerCase()} / ${SECRET.toUpperCase()}`, [SECRET])).toBe('echo: *** / ***');
  });

  it('replaces the URL-encoded form, with %20 or + for a space, in any case of the hex digits', () => {
    const encoded = encodeURIComponent(SECRET);
    expect(encoded).toBe('Tok3n%2FSecret%2BValue%2042');
    expect(redact(`?q=${encoded}`, [SECRET])).toBe('?q=***');
    expect(redact(`?q=${encoded.replace('%20', '+')}`, [SECRET])).toBe('?q=***');
    expect(redact(`?q=${encoded.toLowerCase()}`, [SECRET])).toBe('?q=***');
  });

  it('replaces the base64 and base64url forms of the secret alone', () => {
    expect(redact(`x-echo: ${Buffer.from(SECRET).toString('base64')}.`, [SECRET])).toBe('x-echo: ***.');
    expect(redact(`x-echo: ${Buffer.from(SECRET).toString('base64url')}.`, [SECRET])).toBe('x-echo: ***.');
  });

  it.each([0, 1, 2])(
    'replaces the secret inside a longer base64 text (prefix of %i characters: every alignment)',
    (extra) => {
      const encoded = Buffer.from(`${'u'.repeat(extra)}user:${SECRET}`).toString('base64');
      const shown = redact(`Authorization: Basic ${encoded}`, [SECRET]);
      expect(shown).toContain('***');
      // What is left decodes to no more than two characters of the secret around the cut.
      const left = shown.replace('Authorization: Basic ', '').split('***');
      for (const part of left) expect(Buffer.from(part, 'base64').toString('latin1')).not.toContain(SECRET.slice(2, 8));
    },
  );

  it('redacts a secret that contains another without leaving half of it', () => {
    expect(redact('abcdefgh', ['abcd', 'abcdefgh'])).toBe('***');
  });

  it('treats the secret as text, not as a pattern', () => {
    expect(redact('a.c abc', ['a.c'])).toBe('*** abc');
  });
});
