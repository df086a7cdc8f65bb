// What loading a module adds to a fresh process: the median wall time of `node` loading it, minus the median of
// the same `node` loading nothing, the runs interleaved so that both see the same machine.
import { runNode } from './processes';
import { median } from './stats';

export async function measureLoadTimes(
  childScript: string,
  modules: Readonly<Record<string, string>>,
  runs: number,
): Promise<{ emptyMs: number; addedMs: Record<string, number> }> {
  const empty: number[] = [];
  const loaded: Record<string, number[]> = Object.fromEntries(Object.keys(modules).map((name) => [name, []]));
  // Not counted: the first runs read node and the files from disk.
  await runNode(childScript, [], {});
  for (const path of Object.values(modules)) await runNode(childScript, [path], {});
  for (let run = 0; run < runs; run++) {
    empty.push((await runNode(childScript, [], {})).wallMs);
    for (const [name, path] of Object.entries(modules)) loaded[name]?.push((await runNode(childScript, [path], {})).wallMs);
  }
  const emptyMs = median(empty);
  return {
    emptyMs,
    addedMs: Object.fromEntries(Object.entries(loaded).map(([name, times]) => [name, median(times) - emptyMs])),
  };
}
