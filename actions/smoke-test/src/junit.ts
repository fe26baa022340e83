// The JUnit XML report: one testsuite, one testcase per check of the last round, every failed
// expectation of a check inside its <failure>.
import type { SmokeResult } from './result.ts';

/** The suite's timestamp is when the reported round started, not when the file was written. */
export function renderJUnit(result: SmokeResult): string {
  const timestamp = new Date(result.startedAt + (result.rounds.at(-1)?.startedAtMs ?? 0));
  const checks = result.lastRound;
  const failures = checks.filter((check) => !check.ok).length;
  const seconds = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(3);
  const totalTime = seconds(checks.reduce((total, check) => total + (check.latencyMs ?? 0), 0));
  const counts = `tests="${checks.length}" failures="${failures}" errors="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="smoke-test" ${counts} time="${totalTime}">`,
    `  <testsuite name="smoke-test" ${counts} skipped="0" time="${totalTime}" timestamp="${timestamp.toISOString().replace(/\.\d{3}Z$/, '')}">`,
    '    <properties>',
    `      <property name="verdict" value="${result.verdict}"/>`,
    `      <property name="rounds" value="${result.rounds.length}"/>`,
    '    </properties>',
  ];
  for (const check of checks) {
    const open = `    <testcase name="${escapeXmlAttribute(check.name)}" classname="smoke-test" time="${seconds(check.latencyMs)}"`;
    if (check.ok) {
      lines.push(`${open}/>`);
      continue;
    }
    const more = check.failures.length > 1 ? ` (and ${check.failures.length - 1} more)` : '';
    lines.push(
      `${open}>`,
      `      <failure message="${escapeXmlAttribute(`${check.failures[0] ?? 'failed'}${more}`)}" type="SmokeCheckFailure">${escapeXml(check.failures.join('\n'))}</failure>`,
      '    </testcase>',
    );
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

// Characters XML 1.0 cannot carry at all (most control characters); a response body may contain them.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also keep their line breaks, which parsers would otherwise turn into spaces. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;');
}
