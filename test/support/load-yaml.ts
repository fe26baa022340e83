// Unit tests call readConfig and parseYaml directly; the bundles load the YAML library on demand
// first (kernel `loadYamlFor`), which the end-to-end tests through dist/ exercise.
import { loadYaml } from '../../src/kernel/inputs.ts';

await loadYaml();
