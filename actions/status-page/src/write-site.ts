// Writes the rendered site into its folder: every file of the site, nothing else touched.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes every file of the site under `outputDir` (created when missing); nothing else is touched. */
export function writeSite(outputDir: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    const target = join(outputDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
