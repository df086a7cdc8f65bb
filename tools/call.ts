// `npm run call -- POST <trigger URL>/copies events/http-body.json` asks the deployed function for a copy through its
// HTTP trigger; `npm run call -- GET <trigger URL>/copies/<SnapshotId>?RegionId=<region of the copy>` reads a copy.
// The request is signed as FC documents for a trigger whose authType is `function` (sign-trigger-request.ts), with the
// AccessKey in ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET [/ ALIBABA_CLOUD_SECURITY_TOKEN], which
// needs fc:InvokeFunction on the function. Prints the answer's status (stderr) and its JSON body (stdout); never the
// secret, the token or the signature. Exits 0 on a 2xx answer, 1 on any other answer or none, 2 when the command is
// wrong (usage, URL, body file, credentials), always with one line that says what to fix.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as z from 'zod/mini';
import { redact } from '../lib/ecs/redact';
import { maskAccessKeyId } from './ecs-target';
import { readJsonFile } from './input-file';
import { LOCAL_TRIGGER_SERVICE } from './local-http-trigger';
import { type AccessKey, type SignedRequest, signTriggerRequest, UnsignableUrl } from './sign-trigger-request';
import { ToolError } from './tool-error';

const USAGE =
  'usage: npm run call -- POST <trigger URL>/copies <body.json>  |  npm run call -- GET <trigger URL>/copies/<SnapshotId>?RegionId=<region>';
/** FC ends a synchronous invocation at the function's timeout (900 s in s.yaml); past that no answer is coming. */
const NO_ANSWER_AFTER_MS = 16 * 60 * 1000;

/** A failure of the command, with the exit code it ends with and one line for the operator. */
class CallFailed extends Error {
  override readonly name = 'CallFailed';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

interface Command {
  method: 'GET' | 'POST';
  url: URL;
  bodyFile: string | undefined;
}

interface Answer {
  statusCode: number;
  statusMessage: string;
  body: string;
}

function parseCommand(args: readonly string[]): Command {
  const [methodArgument, urlArgument, bodyFile, ...rest] = args;
  if (methodArgument === undefined || urlArgument === undefined || rest.length > 0) throw new CallFailed(USAGE, 2);
  const method = methodArgument.toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw new CallFailed(`the method must be GET or POST, not ${methodArgument}`, 2);
  if (method === 'POST' && bodyFile === undefined) {
    throw new CallFailed('POST needs a body file: npm run call -- POST <trigger URL>/copies events/http-body.json', 2);
  }
  if (method === 'GET' && bodyFile !== undefined) throw new CallFailed('GET takes no body file', 2);
  return { method, url: parseUrl(urlArgument), bodyFile };
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CallFailed(`not a URL: ${text} (the trigger URL, e.g. https://<name>-<id>.<region>.fcapp.run/copies)`, 2);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CallFailed(`the URL must start with https:// (or http://), not ${url.protocol}`, 2);
  if (url.username || url.password) throw new CallFailed('the URL must not carry a user name or password', 2);
  return url;
}

function accessKeyFrom(env: NodeJS.ProcessEnv): AccessKey {
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim();
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim();
  const missing = [accessKeyId ? '' : 'ALIBABA_CLOUD_ACCESS_KEY_ID', accessKeySecret ? '' : 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'].filter(
    Boolean,
  );
  if (!accessKeyId || !accessKeySecret) {
    throw new CallFailed(
      `set ${missing.join(' and ')}: an AccessKey allowed fc:InvokeFunction on the function (with ALIBABA_CLOUD_SECURITY_TOKEN for an STS key)`,
      2,
    );
  }
  return { accessKeyId, accessKeySecret, securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN?.trim() || undefined };
}

/** The body file's bytes (from the folder the command was typed in, else the root), once they are known to be JSON. */
function readBody(file: string): Buffer {
  try {
    return readJsonFile(file, 'a JSON copy request such as events/http-body.json').bytes;
  } catch (error) {
    if (error instanceof ToolError) throw new CallFailed(error.message, 2);
    throw error;
  }
}

const LocalTriggerSchema = z.object({
  Service: z.literal(LOCAL_TRIGGER_SERVICE),
  AccessKeyId: z.string().check(z.minLength(1)),
  AccessKeySecret: z.string().check(z.minLength(1)),
});

/** The key `npm run trigger-local` accepts, when the URL is one it serves on this machine; undefined otherwise. */
async function localTriggerKey(url: URL): Promise<AccessKey | undefined> {
  if (url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return undefined;
  try {
    const answer = await fetch(`${url.origin}/_local/trigger`, { signal: AbortSignal.timeout(1500) });
    const parsed = LocalTriggerSchema.safeParse(answer.ok ? await answer.json() : undefined);
    return parsed.success ? { accessKeyId: parsed.data.AccessKeyId, accessKeySecret: parsed.data.AccessKeySecret } : undefined;
  } catch {
    return undefined;
  }
}

function send(command: Command, signed: SignedRequest, body: Buffer | undefined): Promise<Answer> {
  const { url } = command;
  const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)({
    protocol: url.protocol,
    // An IPv6 literal keeps its brackets in URL.hostname; the socket wants the bare address.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port || undefined,
    method: command.method,
    path: signed.target,
    headers: {
      ...signed.headers,
      accept: 'application/json',
      ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
    },
    timeout: NO_ANSWER_AFTER_MS,
  });
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => reject(new CallFailed(`no answer from ${url.origin}: ${reason}`, 1));
    request.on('timeout', () => request.destroy(new Error(`nothing for ${NO_ANSWER_AFTER_MS / 60_000} minutes`)));
    request.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
      response.on('end', () =>
        resolve({
          statusCode: response.statusCode ?? 0,
          statusMessage: response.statusMessage ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.end(body);
  });
}

/** Writes the answer and says how the command ends: 0 for a 2xx answer, 1 otherwise. */
function report(command: Command, answer: Answer, scrub: (text: string) => string): number {
  const { statusCode } = answer;
  process.stderr.write(`${scrub(`${command.method} ${command.url.href} -> HTTP ${statusCode} ${answer.statusMessage}`.trimEnd())}\n`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    parsed = undefined;
  }
  const text = parsed === undefined ? answer.body : JSON.stringify(parsed, null, 2);
  if (text !== '') process.stdout.write(`${scrub(text)}\n`);
  // Every refusal of the function's own carries its error Class; a 403 without one comes from FC's gateway.
  const fromFunction = typeof parsed === 'object' && parsed !== null && 'Class' in parsed;
  if (statusCode === 403 && !fromFunction) {
    process.stderr.write(
      "FC refused the call before the function ran: check the AccessKey and its secret, this machine's clock (x-acs-date must be within 15 minutes of FC's), and that the key is allowed fc:InvokeFunction on the function\n",
    );
  }
  return statusCode >= 200 && statusCode < 300 ? 0 : 1;
}

/**
 * Removes every string that must never be printed wherever it appears: the secret and the STS token with the
 * function's own redaction (lib/ecs/redact.ts: plain, percent-encoded, base64, HTML or JSON-escaped, as an answer
 * may quote them), and this request's signature (ACS3's hex, which that redaction does not know by shape).
 */
function scrubber(key: AccessKey, signed: SignedRequest | undefined): (text: string) => string {
  const signature = /Signature=([0-9a-f]+)/.exec(signed?.headers.authorization ?? '')?.[1];
  return (text) => {
    const redacted = redact(text, key);
    return signature === undefined ? redacted : redacted.split(signature).join('[REDACTED]');
  };
}

async function main(args: readonly string[]): Promise<number> {
  const command = parseCommand(args);
  const body = command.bodyFile === undefined ? undefined : readBody(command.bodyFile);
  const local = await localTriggerKey(command.url);
  if (local !== undefined) {
    process.stderr.write(`call: the local HTTP trigger of npm run trigger-local, AccessKey ${maskAccessKeyId(local.accessKeyId)}\n`);
  }
  const key = local ?? accessKeyFrom(process.env);
  let signed: SignedRequest;
  try {
    signed = signTriggerRequest(command.method, command.url, key, new Date());
  } catch (error) {
    if (error instanceof UnsignableUrl) throw new CallFailed(`cannot sign this URL: ${error.message}`, 2);
    throw error;
  }
  const scrub = scrubber(key, signed);
  if (command.url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(command.url.hostname)) {
    process.stderr.write('note: plain http: the signature does not cover the body, so use https to keep it as sent\n');
  }
  try {
    return report(command, await send(command, signed, body), scrub);
  } catch (error) {
    if (error instanceof CallFailed) throw new CallFailed(scrub(error.message), error.exitCode);
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // One line, never a stack trace.
    const known = error instanceof CallFailed;
    process.stderr.write(
      `call: ${known ? error.message : `failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`}\n`,
    );
    process.exit(known ? error.exitCode : 1);
  },
);
