// The `maintenance` input's schema: the kernel's time windows (written like the deploy gate's freeze
// windows), each with a title and the checks it applies to.
import { z } from 'zod';
import { once } from '../../../src/kernel/once.ts';
import { windowSchemas } from '../../../src/kernel/windows.ts';

/** The `maintenance` input: a list of `{title, checks?, start, end, timezone?}` or `{title, checks?, from, to}` (built on first use). */
export const maintenanceSchema = once(
  () =>
    windowSchemas(
      {
        title: z.string().min(1).max(200).meta({ description: 'Shown on the status page for the period.' }),
        checks: z
          .array(z.string().min(1))
          .default([])
          .meta({ description: 'Names of the checks it applies to; empty: every check.' }),
      },
      ', title, checks',
    ).list,
);
