import type * as OnDemand from './on-demand';

/**
 * What only drills, KeepCopies and copy status reads need (on-demand.ts), loaded on first use: in the bundle it is
 * the file beside dist/index.js, dist/on-demand.js (esbuild.config.mjs rewrites this `require` to it); in the
 * sources, the TypeScript module. A copy run without KeepCopies never calls this, and so never loads that file. Each file has its own copy of what both use:
 * what crosses between them is checked by shape or brand, never by identity (lib/failures/errors.ts; docs/architecture.md,
 * "The two files of dist/").
 */
export function onDemand(): typeof OnDemand {
  return require('./on-demand') as typeof OnDemand;
}
