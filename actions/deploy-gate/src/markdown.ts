// Text for the job summary: user and service text (check names, titles, reasons, answers) is shown,
// never rendered — no HTML, no Markdown link, image, emphasis or code — and only https URLs are linked.
import { escapeHtml } from '../../../src/kernel/text.ts';

/**
 * Escapes HTML and every Markdown character that could start a link, image, emphasis or code span.
 * `|` and line breaks are left to the kernel's `cell`; a backslash is escaped first, so user text
 * ending in `\` cannot swallow the escape `cell` puts before a `|`.
 */
export function mdText(text: string): string {
  return escapeHtml(text).replace(/[\\`*_[\]~]/g, (character) => `\\${character}`);
}

/** `[text](url)` for an https URL that cannot break out of the link; otherwise the text alone. */
export function mdLink(text: string, url: string | null | undefined): string {
  return typeof url === 'string' && /^https:\/\/[^\s()<>|\\"'`]+$/.test(url)
    ? `[${mdText(text)}](${url})`
    : mdText(text);
}
