import type * as DrillsAndKeepCopies from './drills-and-keep-copies';

/**
 * The restore drill and KeepCopies module, loaded on first use: in the bundle it is the file beside dist/index.js,
 * dist/drills-and-keep-copies.js (esbuild.config.mjs rewrites this `require` to it); in the sources, the TypeScript
 * module. A copy run never calls this, and so never loads that file. Each file has its own copy of what both use:
 * what crosses between them is checked by shape or brand, never by identity (lib/ecs/errors.ts; docs/architecture.md,
 * "The two files of dist/").
 */
export function drillsAndKeepCopies(): typeof DrillsAndKeepCopies {
  return require('./drills-and-keep-copies') as typeof DrillsAndKeepCopies;
}
