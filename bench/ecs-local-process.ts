// The local ECS endpoint in a process of its own, so that its CPU time is never counted as the function's. Seeds
// the first <sources> source snapshots (local-account.ts), prints its URL as one JSON line, and serves until its
// stdin closes (the benchmark ended or died) or SIGTERM.
import { startLocalEcs } from '../ecs-local';
import { BENCH_CREDENTIALS, SOURCE_REGION_ID, sourceSnapshot } from './local-account';
import { serveUntilStdinEnds } from './serve';

async function main(): Promise<void> {
  const sources = Number(process.argv[2]);
  if (!Number.isInteger(sources) || sources < 1) throw new Error('usage: ecs-local-process <sources>');
  // Copies finish at once, so that MAX_COPIES_IN_FLIGHT and "one copy at a time per disk"
  // (InvalidOperation.DiskHasUnfinishedSnapshotCopy) never hold an event back.
  const ecs = await startLocalEcs({ credentials: [{ ...BENCH_CREDENTIALS }], copyDurationMs: 0 });
  for (let n = 0; n < sources; n++) ecs.addSnapshot({ RegionId: SOURCE_REGION_ID, ...sourceSnapshot(n) });
  serveUntilStdinEnds(ecs);
}

main().catch((error: unknown) => {
  process.stderr.write(`ecs-local-process: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
