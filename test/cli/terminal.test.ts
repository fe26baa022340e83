// Job summaries and workflow commands as a person sees them on a terminal.
import { describe, expect, it } from 'vitest';
import { LogTranslator, renderMarkdown } from '../../src/cli/terminal.ts';

describe('renderMarkdown', () => {
  it('aligns a table by display width (emoji take two columns), unescapes cells and drops HTML', () => {
    const markdown = [
      '## Deploy gate: ✅ Deploy allowed',
      '',
      '| | gate | detail |',
      '| --- | --- | --- |',
      '| ✅ | checks | 3 passed: a \\| b |',
      '| ❌ | integrity | $.score was 0.91, expected &gt;= 0.95<br>second line |',
      '',
      '<details><summary>Failed rounds (2)</summary>',
      '',
      '- round 1: [healthz](https://example.com/h)',
      '</details>',
    ].join('\n');
    expect(renderMarkdown(markdown)).toBe(
      [
        'Deploy gate: ✅ Deploy allowed',
        '',
        '      gate       detail',
        `  ──  ─────────  ${'─'.repeat('$.score was 0.91, expected >= 0.95'.length)}`,
        '  ✅  checks     3 passed: a | b',
        '  ❌  integrity  $.score was 0.91, expected >= 0.95',
        '                 second line',
        '',
        'Failed rounds (2):',
        '',
        '• round 1: healthz (https://example.com/h)',
      ].join('\n'),
    );
  });

  it('shows a table without a header row as rows alone, and a link whose text has brackets', () => {
    const markdown = '| | |\n| --- | --- |\n| Record | [#1 [SEV2] Slow](https://github.com/o/r/issues/1) |';
    expect(renderMarkdown(markdown)).toBe('  Record  #1 [SEV2] Slow (https://github.com/o/r/issues/1)');
  });
});

describe('LogTranslator', () => {
  it('hides ::add-mask:: and the masked value afterwards, and translates errors, warnings and groups', () => {
    const log = new LogTranslator();
    const lines = [
      '::add-mask::hunter22',
      '::group::Round 1',
      'probing with hunter22',
      '::endgroup::',
      '::debug::internal',
      '::warning::first%0Asecond',
      '::error title=Smoke::failed with hunter22',
    ].map((line) => log.translate(line));
    expect(lines).toEqual([
      undefined,
      { text: '▸ Round 1', problem: false },
      { text: '  probing with ***', problem: false },
      undefined,
      undefined,
      { text: 'warning: first\n  second', problem: true },
      { text: 'error: failed with ***', problem: true },
    ]);
  });
});
