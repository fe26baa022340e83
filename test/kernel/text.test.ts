import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, systemClock } from '../../src/kernel/clock.ts';
import { clip, escapeHtml, logSafe, oneLine } from '../../src/kernel/text.ts';

describe('text shown to people', () => {
  it('clips with an ellipsis only when needed', () => {
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdefg', 6)).toBe('abcde…');
  });

  it('keeps user text on one line so it cannot start a workflow command', () => {
    expect(oneLine('api\n::warning::pwned\r\nx')).toBe('api⏎::warning::pwned⏎x');
  });

  it('indents lines that the runner would read as commands', () => {
    expect(logSafe('ok\n::error::fake\n  ##[group]x\nend')).toBe('ok\n ::error::fake\n   ##[group]x\nend');
  });

  it('escapes HTML so a service cannot render markup in a summary', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });

  it('knows the timer limit that long waits are split at', () => {
    expect(MAX_TIMER_MS).toBe(2147483647);
    expect(systemClock.now()).toBeInstanceOf(Date);
  });
});
