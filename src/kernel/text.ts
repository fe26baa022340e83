// Text that came from users or from checked services, made safe for the places it is shown: clipped
// to a length, kept on one line, kept from turning into runner workflow commands, escaped for HTML.

/** At most `max` characters, ending in `…` when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Line breaks shown as `⏎`, so user text cannot start a new log line (or a workflow command). */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '⏎');
}

/**
 * Text for the runner's log that may span lines: each line that would be read as a workflow command
 * (`::name::`, `##[name]`) gets a leading space, which the runner does not parse as a command.
 */
export function logSafe(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (/^\s*(::|##\[)/.test(line) ? ` ${line}` : line))
    .join('\n');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '` so text from a service is shown, never rendered, in a job summary or issue. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
