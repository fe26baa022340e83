// Splits one command line into argv words the way a POSIX shell would quote them, without ever
// running a shell: pipes, redirections and variables are refused rather than silently passed along.

export type SplitResult = { ok: true; words: string[] } | { ok: false; error: string };

/** `pg_dump "my db" --table='a b'` → ['pg_dump', 'my db', '--table=a b']. */
export function splitCommandLine(line: string): SplitResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let unquotedWord = '';
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === "'") {
      const end = line.indexOf("'", index + 1);
      if (end < 0) return { ok: false, error: 'it has an unclosed single quote.' };
      word += line.slice(index + 1, end);
      inWord = true;
      index = end;
    } else if (char === '"') {
      let index2 = index + 1;
      for (; index2 < line.length && line[index2] !== '"'; index2++) {
        const inner = line[index2];
        if (inner === '\\' && index2 + 1 < line.length && '"\\$`\n'.includes(line[index2 + 1])) {
          word += line[++index2];
        } else if (inner === '$' || inner === '`') {
          return {
            ok: false,
            error: `it uses ${inner} inside double quotes; it is not run by a shell, so write the value itself.`,
          };
        } else word += inner;
      }
      if (index2 >= line.length) return { ok: false, error: 'it has an unclosed double quote.' };
      inWord = true;
      index = index2;
    } else if (char === '\\') {
      if (index + 1 >= line.length) return { ok: false, error: 'it ends with a lone backslash.' };
      const next = line[++index];
      if (next !== '\n') word += next;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) {
        const refused = refuse(unquotedWord, word);
        if (refused) return refused;
        words.push(word);
      }
      word = '';
      unquotedWord = '';
      inWord = false;
    } else {
      word += char;
      unquotedWord += char;
      inWord = true;
    }
  }
  if (inWord) {
    const refused = refuse(unquotedWord, word);
    if (refused) return refused;
    words.push(word);
  }
  if (words.length === 0) return { ok: false, error: 'it has no command.' };
  return { ok: true, words };
}

function refuse(unquoted: string, word: string): SplitResult | undefined {
  // Only unquoted text can be shell syntax; a quoted '|' is an ordinary argument.
  const operator = /[|;&<>()]/.exec(unquoted);
  if (operator) {
    return {
      ok: false,
      error: `"${word}" is shell syntax (${operator[0]}), but the command is not run by a shell: give one command whose stdout is the backup (quote the word if it is an argument).`,
    };
  }
  if (/\$[A-Za-z_{(]|`/.test(unquoted)) {
    return {
      ok: false,
      error: `"${word}" needs a shell to expand it, but the command is not run by a shell: pass values through the step's env and a program that reads them.`,
    };
  }
  return undefined;
}
