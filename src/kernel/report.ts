// Outputs and job summaries: what a person and the next step see of a run.
import { appendFileSync } from 'node:fs';
import * as core from '@actions/core';

export type OutputValue = string | number | boolean | undefined | null;

/** Sets every output; `undefined`/`null` become `''` so a later step can test for emptiness. */
export function setOutputs(outputs: Record<string, OutputValue>): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, value === undefined || value === null ? '' : String(value));
  }
}

/** Escapes text for a Markdown table cell. */
export function cell(text: string | number | boolean | undefined | null): string {
  if (text === undefined || text === null) return '';
  return String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function table(
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | undefined | null>>,
): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${row.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export function heading(text: string, level = 2): string {
  return `${'#'.repeat(level)} ${text}`;
}

export function details(summaryText: string, body: string): string {
  return `<details><summary>${summaryText}</summary>\n\n${body}\n\n</details>`;
}

/** Appends Markdown to the job summary; outside a runner (the CLI) prints it instead. */
export function writeSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, `${markdown.trimEnd()}\n`);
  else process.stdout.write(`\n${markdown.trimEnd()}\n`);
}
