import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { readBody } from './body';
import { SeedDiskSchema } from './disk';
import { FaultRuleSchema } from './faults';
import type { LocalEcs } from './local-ecs';
import { decodeUtf8, parseFormEncoded } from './params';
import { SeedSnapshotSchema } from './snapshot';
import { EcsVariantsSchema } from './variants';

/** What `GET /_local/endpoint` answers as `Service`, so that a tool never mistakes another server on the port for it. */
export const LOCAL_ECS_SERVICE = 'snapshot-copy ecs-local';

const DiskSchema = z.strictObject({ DiskId: z.string().min(1) });
const AttachSchema = z.strictObject({ DiskId: z.string().min(1), InstanceId: z.string().min(1) });

/**
 * The unsigned control API under `/_local/`, so that another process (a shell script, the FC function run by
 * `npm start`) can seed snapshots and disks, stage faults and read the calls. It answers loopback clients only.
 */
export async function handleControl(ecs: LocalEcs, req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) return reply(res, 403, { error: 'The control API answers loopback clients only.' });
  const route = `${req.method ?? ''} ${path}`;
  try {
    switch (route) {
      case 'POST /_local/snapshots': {
        const body = await readJson(req);
        if (!body.ok) return reply(res, body.status, { error: body.error });
        const seed = SeedSnapshotSchema.safeParse(body.value);
        if (!seed.success) return reply(res, 400, { error: z.prettifyError(seed.error) });
        return reply(res, 200, ecs.addSnapshot(seed.data));
      }
      case 'GET /_local/snapshots': {
        const params = new Map<string, string>();
        const parsed = parseFormEncoded(query, params);
        const regionId = params.get('RegionId');
        if (!parsed.ok || regionId === undefined) return reply(res, 400, { error: 'RegionId is required in the query.' });
        return reply(res, 200, ecs.snapshots(regionId));
      }
      case 'POST /_local/disks': {
        const body = await readJson(req);
        if (!body.ok) return reply(res, body.status, { error: body.error });
        const seed = SeedDiskSchema.safeParse(body.value);
        if (!seed.success) return reply(res, 400, { error: z.prettifyError(seed.error) });
        return reply(res, 200, ecs.addDisk(seed.data));
      }
      case 'GET /_local/disks': {
        const params = new Map<string, string>();
        const parsed = parseFormEncoded(query, params);
        const regionId = params.get('RegionId');
        if (!parsed.ok || regionId === undefined) return reply(res, 400, { error: 'RegionId is required in the query.' });
        return reply(res, 200, ecs.disks(regionId));
      }
      case 'POST /_local/faults': {
        const body = await readJson(req);
        if (!body.ok) return reply(res, body.status, { error: body.error });
        const rule = FaultRuleSchema.safeParse(body.value);
        if (!rule.success) return reply(res, 400, { error: z.prettifyError(rule.error) });
        ecs.injectFault(rule.data);
        return reply(res, 204, undefined);
      }
      case 'DELETE /_local/faults':
        ecs.clearFaults();
        return reply(res, 204, undefined);
      case 'GET /_local/endpoint': {
        // How `npm run invoke` knows the ecs-local it found on its port is one, and which key it accepts: a
        // local example key, printed at start, and guarding nothing the unsigned control routes do not already allow.
        const [key] = ecs.credentials;
        return reply(res, 200, { Service: LOCAL_ECS_SERVICE, AccessKeyId: key?.accessKeyId, AccessKeySecret: key?.accessKeySecret });
      }
      case 'GET /_local/calls':
        return reply(res, 200, ecs.calls);
      case 'GET /_local/variants':
        return reply(res, 200, ecs.variants);
      case 'POST /_local/variants': {
        const body = await readJson(req);
        if (!body.ok) return reply(res, body.status, { error: body.error });
        const update = EcsVariantsSchema.safeParse(body.value);
        if (!update.success) return reply(res, 400, { error: z.prettifyError(update.error) });
        ecs.setVariants(update.data);
        return reply(res, 200, ecs.variants);
      }
      case 'POST /_local/source-disks/attach':
      case 'POST /_local/source-disks/detach':
      case 'POST /_local/source-disks/release': {
        const body = await readJson(req);
        if (!body.ok) return reply(res, body.status, { error: body.error });
        if (path.endsWith('/attach')) {
          const attach = AttachSchema.safeParse(body.value);
          if (!attach.success) return reply(res, 400, { error: z.prettifyError(attach.error) });
          ecs.attachDisk(attach.data.DiskId, attach.data.InstanceId);
          return reply(res, 204, undefined);
        }
        const disk = DiskSchema.safeParse(body.value);
        if (!disk.success) return reply(res, 400, { error: z.prettifyError(disk.error) });
        if (path.endsWith('/detach')) ecs.detachDisk(disk.data.DiskId);
        else ecs.releaseDisk(disk.data.DiskId);
        return reply(res, 204, undefined);
      }
      default:
        return reply(res, 404, { error: `No control route ${route}.` });
    }
  } catch (error) {
    // An unknown region, a SnapshotId already in use, a released disk attached again.
    return reply(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}

type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; error: string };

async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const body = await readBody(req);
  if (!body.ok) return { ok: false, status: body.reason === 'too-large' ? 413 : 400, error: 'The body could not be read.' };
  const text = decodeUtf8(body.bytes);
  if (text === undefined) return { ok: false, status: 400, error: 'The body is not UTF-8.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, error: 'The body is not JSON.' };
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
