// Test helper: a test that needs a command-line tool fails naming the Debian package, never skips.
import { spawnSync } from 'node:child_process';

export function requireTool(program: string, debianPackage: string): void {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(
      `${program} is missing: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}).`,
    );
  }
}
