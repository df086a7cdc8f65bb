import type { EcsRestoreSession } from '../calls/ecs-restore-session';

/** A disk or image made (or found made) by the restore, watched until it is Available. */
export interface Watched {
  RestoredAs: 'disk' | 'image';
  Id: string;
}

/** How the wait for one ended. */
export type WaitEnd =
  | { state: 'available'; seenAt: number }
  /** Still being made when the time allowed ran out. */
  | { state: 'creating'; Status: string }
  /** ECS lists it in a state it does not leave for Available (an image CreateFailed, say). */
  | { state: 'failed'; Status: string }
  /** Not listed, poll after poll: deleted, or never made. */
  | { state: 'gone' };

export interface WaitProgress {
  Available: number;
  Creating: number;
  ElapsedSeconds: number;
}

/** A disk that becomes In_use was attached by someone: it was Available first. */
const DISK_DONE = new Set(['Available', 'In_use', 'Attaching']);
const DISK_MAKING = new Set(['Creating', 'ReIniting']);
const IMAGE_MAKING = new Set(['Creating', 'Waiting']);
/** A resource not listed this many polls in a row is gone; once could be a listing behind CreateDisk (UNVERIFIED). */
const UNLISTED_POLLS = 3;
/** DescribeDisks takes 100 DiskIds a call, DescribeImages 100 ImageIds. */
const IDS_PER_CALL = 100;

/** Polls start at a second, so that RestoreSeconds is close, and slow down to 10 s, so that a fleet costs few calls. */
const pollDelayMs = (poll: number) => Math.min(10_000, 1000 * 1.5 ** poll);

const chunks = <T>(items: readonly T[]) =>
  Array.from({ length: Math.ceil(items.length / IDS_PER_CALL) }, (_, index) =>
    items.slice(index * IDS_PER_CALL, (index + 1) * IDS_PER_CALL),
  );

/**
 * Polls the DR region's DescribeDisks and DescribeImages for every resource at once (100 a call), until each is
 * Available, failed or gone, or `untilMs` would pass before the next poll. `onProgress` is told after each poll.
 */
export async function waitForAvailable(
  context: { session: EcsRestoreSession; now: () => number; sleep: (ms: number) => Promise<void> },
  RegionId: string,
  watched: readonly Watched[],
  untilMs: number,
  onProgress: (progress: WaitProgress) => void,
): Promise<Map<string, WaitEnd>> {
  const { session, now, sleep } = context;
  const ends = new Map<string, WaitEnd>();
  const unlisted = new Map<string, number>();
  const last = new Map<string, string>();
  const startedAt = now();
  for (let poll = 0; ; poll++) {
    const pending = watched.filter((item) => !ends.has(item.Id));
    if (pending.length === 0) return ends;
    const status = new Map<string, string>();
    for (const DiskIds of chunks(pending.filter((item) => item.RestoredAs === 'disk').map((item) => item.Id))) {
      for (const disk of await session.listDisks({ RegionId, DiskIds })) status.set(disk.DiskId, disk.Status);
    }
    for (const ImageIds of chunks(pending.filter((item) => item.RestoredAs === 'image').map((item) => item.Id))) {
      for (const image of await session.listImages({ RegionId, ImageIds })) status.set(image.ImageId, image.Status);
    }
    const seenAt = now();
    for (const item of pending) {
      const listed = status.get(item.Id);
      if (listed === undefined) {
        const times = (unlisted.get(item.Id) ?? 0) + 1;
        unlisted.set(item.Id, times);
        if (times >= UNLISTED_POLLS) ends.set(item.Id, { state: 'gone' });
        continue;
      }
      unlisted.delete(item.Id);
      last.set(item.Id, listed);
      const done = item.RestoredAs === 'disk' ? DISK_DONE.has(listed) : listed === 'Available';
      const making = item.RestoredAs === 'disk' ? DISK_MAKING.has(listed) : IMAGE_MAKING.has(listed);
      if (done) ends.set(item.Id, { state: 'available', seenAt });
      else if (!making) ends.set(item.Id, { state: 'failed', Status: listed });
    }
    const available = [...ends.values()].filter((end) => end.state === 'available').length;
    onProgress({ Available: available, Creating: watched.length - ends.size, ElapsedSeconds: Math.round((seenAt - startedAt) / 1000) });
    const delay = pollDelayMs(poll);
    if (ends.size < watched.length && seenAt + delay > untilMs) {
      for (const item of watched)
        if (!ends.has(item.Id)) ends.set(item.Id, { state: 'creating', Status: last.get(item.Id) ?? 'not listed yet' });
      return ends;
    }
    if (ends.size < watched.length) await sleep(delay);
  }
}
