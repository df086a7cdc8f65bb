// Which ECS endpoint and which AccessKey a tool that runs the function on this machine (npm run invoke) will use,
// decided before the function runs, so that nothing reaches a real account by surprise:
// - a running `npm run ecs-local` is found on its port (PORT, default 9100) through its loopback-only control route
//   GET /_local/endpoint, which answers only while it runs (so nothing stale is ever used), with the key it accepts;
// - ECS_ENDPOINT set to a loopback address is used as set;
// - a real endpoint (ECS_ENDPOINT naming another host, or unset with no ecs-local running) only with --live.
import { connect } from 'node:net';
import * as z from 'zod/mini';
import { LOCAL_ECS_SERVICE } from '../ecs-local/control';
import { DEFAULT_ECS_ENDPOINT } from '../lib/config/configuration';
import { ToolError } from './tool-error';

/** The port `npm run ecs-local` listens on unless PORT says otherwise. */
export const LOCAL_ECS_DEFAULT_PORT = 9100;

/** How long a probe of the local port may take: a loopback server answers in milliseconds, a closed port at once. */
const PROBE_TIMEOUT_MS = 1500;

const EndpointAnswerSchema = z.object({
  Service: z.literal(LOCAL_ECS_SERVICE),
  AccessKeyId: z.string().check(z.minLength(1)),
  AccessKeySecret: z.string().check(z.minLength(1)),
});

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

export type EcsTarget =
  /** A local ECS endpoint: `npm run ecs-local` found on its port or named by ECS_ENDPOINT. */
  | { kind: 'local'; endpoint: string; key: AccessKey; found: boolean }
  /** A real ECS endpoint: copies are made and billed in the account of the key. */
  | { kind: 'live'; endpoint: string; key: AccessKey };

/** An AccessKey ID as the tools print it: enough to tell which account, not the whole ID. */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '****' : `${accessKeyId.slice(0, 4)}****${accessKeyId.slice(-4)}`;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function localEcsUrl(env: Readonly<Record<string, string | undefined>>): string {
  const port = env.PORT?.trim() || String(LOCAL_ECS_DEFAULT_PORT);
  return `http://127.0.0.1:${port}`;
}

/** The key a running ecs-local accepts, if one answers at `url`; undefined when nothing (or something else) does. */
export async function probeLocalEcs(url: string): Promise<AccessKey | undefined> {
  try {
    const answer = await fetch(`${url}/_local/endpoint`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (!answer.ok) return undefined;
    const parsed = EndpointAnswerSchema.safeParse(await answer.json());
    return parsed.success ? { accessKeyId: parsed.data.AccessKeyId, accessKeySecret: parsed.data.AccessKeySecret } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether anything accepts a connection at the URL's host and port. */
function listening(url: URL): Promise<boolean> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, timeout: PROBE_TIMEOUT_MS });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

function shellKey(env: Readonly<Record<string, string | undefined>>): AccessKey | undefined {
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim();
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim();
  if (!accessKeyId || !accessKeySecret) return undefined;
  return { accessKeyId, accessKeySecret, securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN?.trim() || undefined };
}

export interface TargetQuestion {
  /** ECS_ENDPOINT as the function will read it (s.yaml's, or the shell's); '' or undefined: ECS's public endpoint. */
  configuredEndpoint: string | undefined;
  /** The region the function calls first, to name the real endpoint. */
  sourceRegionId: string;
  live: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

const START_ECS_LOCAL = 'start `npm run ecs-local` in another terminal';

export async function chooseEcsTarget(question: TargetQuestion): Promise<EcsTarget> {
  const { configuredEndpoint, env, live } = question;
  if (configuredEndpoint) {
    let url: URL;
    try {
      url = new URL(configuredEndpoint.replaceAll('{RegionId}', question.sourceRegionId));
    } catch {
      throw new ToolError(`ECS_ENDPOINT=${configuredEndpoint} is not a URL`);
    }
    const endpoint = url.origin;
    if (isLoopbackHost(url.hostname)) {
      const running = await probeLocalEcs(endpoint);
      if (running) return { kind: 'local', endpoint, key: running, found: false };
      const key = shellKey(env);
      // Another local server (a proxy, another fake) is called with the shell's key; a closed port is one line.
      if (key === undefined || !(await listening(url))) {
        throw new ToolError(`nothing answers as npm run ecs-local at ECS_ENDPOINT=${configuredEndpoint}: ${START_ECS_LOCAL}`);
      }
      return { kind: 'local', endpoint, key, found: false };
    }
    if (!live) {
      throw new ToolError(
        `ECS_ENDPOINT=${configuredEndpoint} is a real ECS endpoint: add --live to call it (copies are made and billed), or unset ECS_ENDPOINT and ${START_ECS_LOCAL}`,
      );
    }
    return { kind: 'live', endpoint, key: liveKey(env) };
  }
  const local = localEcsUrl(env);
  const running = await probeLocalEcs(local);
  if (running) return { kind: 'local', endpoint: local, key: running, found: true };
  if (!live) {
    throw new ToolError(
      `no local ECS endpoint answers on ${local}: ${START_ECS_LOCAL} (it stays up; this command finds it), or add --live to call your real account`,
    );
  }
  return { kind: 'live', endpoint: DEFAULT_ECS_ENDPOINT.replaceAll('{RegionId}', question.sourceRegionId), key: liveKey(env) };
}

function liveKey(env: Readonly<Record<string, string | undefined>>): AccessKey {
  const key = shellKey(env);
  if (key === undefined) {
    throw new ToolError(
      '--live needs ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for an STS key)',
    );
  }
  return key;
}

/** The line a tool prints first: where its calls go, and as whom. */
export function describeTarget(target: EcsTarget): string {
  const key = `AccessKey ${maskAccessKeyId(target.key.accessKeyId)}`;
  if (target.kind === 'live') return `REAL ECS endpoint ${target.endpoint} (--live: copies are made and billed), ${key}`;
  return `local ECS endpoint ${target.endpoint}${target.found ? ' (npm run ecs-local, found on its port)' : ' (ECS_ENDPOINT)'}, ${key}`;
}
