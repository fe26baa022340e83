// What the command line shows a person: a job summary's Markdown rendered for a terminal, the
// action's workflow-command lines (`::error::`, `::group::`, `::add-mask::`) translated, and tables.
import { parseWorkflowCommand } from '../local-runner/index.ts';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const plain: Style = { bold: (t) => t, dim: (t) => t, red: (t) => t, yellow: (t) => t, cyan: (t) => t };
const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const coloured: Style = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
};

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  return stream.isTTY && !env.NO_COLOR ? coloured : plain;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

/** Inline Markdown and HTML to text: entities decoded, tags dropped, links as `text (url)`. */
export function inlineText(markdown: string, style: Style = plain): string {
  return markdown
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(details|summary|sub|sup|b|i|strong|em|code|p|div|span)\b[^>]*>/gi, '')
    .replace(/\[((?:[^[\]]|\[[^\]]*\])+)\]\(([^)\s]+)\)/g, (_, text: string, url: string) =>
      text === url ? url : `${text} (${url})`,
    )
    .replace(/\*\*([^*]+)\*\*/g, (_, text: string) => style.bold(text))
    .replace(/`([^`]+)`/g, (_, text: string) => style.cyan(text))
    .replace(/\\\|/g, '|')
    .replace(/&(lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** Display width: wide characters (emoji, CJK) take two columns, combining marks none. */
export function displayWidth(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes take no room on screen.
  const visible = text.replace(/\u001b\[\d+m/g, '');
  let width = 0;
  for (const char of visible) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0xfe0f || code === 0x200d || (code >= 0x300 && code <= 0x36f)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

const WIDE_SYMBOLS = new Set([0x231a, 0x231b, 0x23f3, 0x26a0, 0x26d4, 0x2705, 0x274c, 0x2753, 0x2757]);

function isWide(code: number): boolean {
  return (
    WIDE_SYMBOLS.has(code) ||
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xff60) ||
    code >= 0x1f300
  );
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** Columns separated by two spaces; a cell with several lines makes its row as tall. */
export function renderTable(headers: string[], rows: string[][], style: Style = plain): string {
  const split = (row: string[]) => row.map((value) => value.split('\n'));
  // A table whose header row is empty (a list of facts) is shown without one.
  const headed = headers.some((header) => header.trim() !== '');
  const all = headed ? [split(headers), ...rows.map(split)] : rows.map(split);
  const widths = headers.map((_, column) =>
    Math.max(...all.map((row) => Math.max(...(row[column] ?? ['']).map(displayWidth)))),
  );
  const lines: string[] = [];
  all.forEach((row, index) => {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      const text = widths
        .map((width, column) => pad(row[column]?.[line] ?? '', width))
        .join('  ')
        .trimEnd();
      lines.push(index === 0 && headed ? style.bold(text) : text);
    }
    if (index === 0 && headed) lines.push(style.dim(widths.map((width) => '─'.repeat(width)).join('  ')));
  });
  return lines.join('\n');
}

const splitRow = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

/** A job summary (GitHub-flavoured Markdown) as terminal text: headings, aligned tables, no HTML. */
export function renderMarkdown(markdown: string, style: Style = plain): string {
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, '').split('\n');
  const out: string[] = [];
  let inFence = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(`    ${line}`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const text = inlineText(heading[2], style);
      out.push(style.bold(text));
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line) && /^\s*\|[\s:|-]+\|\s*$/.test(lines[index + 1] ?? '')) {
      const headers = splitRow(line).map((cell) => inlineText(cell, style));
      const rows: string[][] = [];
      for (index += 2; index < lines.length && /^\s*\|.*\|\s*$/.test(lines[index]); index++) {
        rows.push(splitRow(lines[index]).map((cell) => inlineText(cell, style)));
      }
      index--;
      out.push(
        renderTable(headers, rows, style)
          .split('\n')
          .map((row) => `  ${row}`)
          .join('\n'),
      );
      continue;
    }
    if (/^\s*(---|\*\*\*)\s*$/.test(line)) {
      out.push(style.dim('─'.repeat(40)));
      continue;
    }
    const summary = /<summary>(.*?)<\/summary>/i.exec(line);
    const text = inlineText(summary ? `${summary[1]}:${line.slice(line.indexOf('</summary>') + 10)}` : line, style);
    if (text.trim() === '' && /^\s*<\/?details/i.test(line)) continue;
    out.push(text.replace(/^(\s*)[-*] /, '$1• '));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\s*\n|\n\s*$/g, '');
}

/** Hides registered secrets in text shown to a person, as the runner does in its log. */
export function redact(text: string, masks: readonly string[]): string {
  let out = text;
  for (const mask of masks) if (mask) out = out.split(mask).join('***');
  return out;
}

/**
 * Translates the action's log for a terminal, one line at a time. `::add-mask::` lines are hidden and
 * their values replaced by `***` afterwards; `::debug::` is hidden; errors and warnings say so.
 */
export class LogTranslator {
  readonly masks: string[] = [];
  private depth = 0;
  private readonly style: Style;

  constructor(style: Style = plain) {
    this.style = style;
  }

  /** The line as a person should see it, and whether it is a problem (shown even when quiet); undefined hides it. */
  translate(line: string): { text: string; problem: boolean } | undefined {
    const command = parseWorkflowCommand(line);
    const indent = '  '.repeat(this.depth);
    if (!command) return { text: indent + redact(line, this.masks), problem: false };
    const message = redact(command.message, this.masks);
    switch (command.command) {
      case 'add-mask':
        this.masks.push(command.message);
        return undefined;
      case 'debug':
      case 'endgroup':
        if (command.command === 'endgroup') this.depth = Math.max(0, this.depth - 1);
        return undefined;
      case 'group':
        this.depth++;
        return { text: `${indent}${this.style.bold(`▸ ${message}`)}`, problem: false };
      case 'error':
        return { text: prefixLines(this.style.red('error: '), message), problem: true };
      case 'warning':
        return { text: prefixLines(this.style.yellow('warning: '), message), problem: true };
      case 'notice':
        return { text: prefixLines('notice: ', message), problem: false };
      default:
        return undefined;
    }
  }
}

function prefixLines(prefix: string, message: string): string {
  const [first, ...rest] = message.split('\n');
  return [prefix + first, ...rest.map((line) => `  ${line}`)].join('\n');
}
