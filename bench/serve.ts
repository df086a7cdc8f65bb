// How the benchmark's local ECS endpoint processes serve: print the URL as one JSON line, then run until stdin closes
// (the benchmark ended or died) or SIGTERM.
import type { LocalEcs } from '../ecs-local';

export function serveUntilStdinEnds(ecs: LocalEcs): void {
  const stop = () => {
    ecs.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop).resume();
  process.stdout.write(`${JSON.stringify({ url: ecs.url })}\n`);
}
