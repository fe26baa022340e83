// The third-party actions our workflows may use, with the full commit SHA of each release, copied
// from ../shared/PINNED-ACTIONS.md (read from the actions' own repositories; never guessed). A
// Dependabot update of a pin adds its new SHA here in the same pull request.
export interface Pin {
  action: string;
  version: string;
  sha: string;
}

export const PINNED_ACTIONS: readonly Pin[] = [
  { action: 'actions/checkout', version: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1' },
  { action: 'actions/setup-node', version: 'v7.0.0', sha: '820762786026740c76f36085b0efc47a31fe5020' },
  { action: 'actions/upload-artifact', version: 'v7.0.0', sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f' },
  { action: 'actions/download-artifact', version: 'v8.0.1', sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c' },
  { action: 'actions/upload-pages-artifact', version: 'v5.0.0', sha: 'fc324d3547104276b827a68afc52ff2a11cc49c9' },
  { action: 'actions/deploy-pages', version: 'v5.0.0', sha: 'cd2ce8fcbc39b97be8ca5fce6e763baed58fa128' },
];

/** The rows of PINNED-ACTIONS.md's table: `| action | release | commit | released |`. */
export function parsePinnedActionsMarkdown(markdown: string): Pin[] {
  const pins: Pin[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 5) continue;
    const [, action, version, sha] = cells;
    if (/^[0-9a-f]{40}$/.test(sha)) pins.push({ action, version, sha });
  }
  return pins;
}
