// Regenerates the inputs and outputs tables of every actions/*/README.md from its action.yml,
// between <!-- action-docs:inputs --> … <!-- /action-docs:inputs --> (and the same for outputs).
// `--check` fails instead of writing when a README is out of date.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function tables(manifest) {
  const inputs = Object.entries(manifest.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.default !== undefined && spec.default !== '' ? `\`${cell(spec.default)}\`` : ''} | ${spec.required ? 'yes' : 'no'} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(manifest.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return {
    inputs: ['| input | default | required | description |', '| --- | --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| output | description |', '| --- | --- |', ...outputs].join('\n'),
  };
}

let stale = 0;
for (const name of readdirSync(join(root, 'actions')).sort()) {
  const readme = join(root, 'actions', name, 'README.md');
  const manifestFile = join(root, 'actions', name, 'action.yml');
  if (!existsSync(readme) || !existsSync(manifestFile)) continue;
  const generated = tables(parse(readFileSync(manifestFile, 'utf8')));
  let text = readFileSync(readme, 'utf8');
  for (const kind of ['inputs', 'outputs']) {
    const pattern = new RegExp(`(<!-- action-docs:${kind} -->)[\\s\\S]*?(<!-- /action-docs:${kind} -->)`);
    if (!pattern.test(text)) {
      console.error(`${name}/README.md has no <!-- action-docs:${kind} --> block`);
      stale++;
      continue;
    }
    text = text.replace(pattern, (_, start, end) => `${start}\n${generated[kind]}\n${end}`);
  }
  if (text !== readFileSync(readme, 'utf8')) {
    if (check) {
      console.error(`actions/${name}/README.md: tables differ from action.yml; run npm run docs`);
      stale++;
    } else {
      writeFileSync(readme, text);
      console.log(`updated actions/${name}/README.md`);
    }
  }
}
process.exitCode = stale > 0 ? 1 : 0;
