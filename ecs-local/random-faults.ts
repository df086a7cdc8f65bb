import type { Fault } from './faults';

/**
 * Faults drawn at random for requests that no scripted fault matches, so that a test can throw hundreds of bad
 * days at a client and still replay any one of them from its seed.
 */
export interface RandomFaultOptions {
  /** Any integer: the same seed draws the same faults for the same requests. */
  seed: number;
  /** The chance, from 0 to 1, that a request gets a fault. */
  probability: number;
  /** Only faults of these kinds; every kind of the catalogue when absent. */
  kinds?: Fault['kind'][];
  /** How long a `delay` fault holds the answer back; 1000 when absent. Longer than the client's timeout, it times out. */
  delayMs?: number;
  /** Only requests for these Actions; any Action when absent. */
  Actions?: string[];
}

/** A random fault as it was applied to a request. */
export interface InjectedFault {
  Action: string;
  fault: Fault;
}

const DEFAULT_DELAY_MS = 1000;

/**
 * What a region's API does on its worst day (the retryable failures of
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot and
 * https://www.alibabacloud.com/help/doc-detail/25693.html): throttling, 5xx with and
 * without a Code, a proxy's HTML page, an answer cut short, a connection dropped before or after the action, an answer
 * slower than the client waits, and a nonce the server says it has seen.
 */
export function randomFaultCatalogue(delayMs = DEFAULT_DELAY_MS): readonly Fault[] {
  return [
    { kind: 'throttle' },
    { kind: 'error', Code: 'ServiceUnavailable', status: 503 },
    { kind: 'error', Code: 'InternalError', status: 500 },
    { kind: 'error', Code: 'SignatureNonceUsed', status: 400 },
    { kind: 'status-without-code', status: 503 },
    { kind: 'html', status: 502 },
    { kind: 'truncated-json' },
    { kind: 'drop' },
    { kind: 'lose-answer' },
    { kind: 'delay', ms: delayMs },
  ];
}

/** A short name of a fault for reports: `error:ServiceUnavailable`, `html:502`, `delay`. */
export function faultLabel(fault: Fault): string {
  switch (fault.kind) {
    case 'error':
      return `error:${fault.Code}`;
    case 'status-without-code':
    case 'html':
      return `${fault.kind}:${fault.status}`;
    default:
      return fault.kind;
  }
}

/** mulberry32: a 32-bit PRNG small enough to read, good enough to spread faults (not for anything secret). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 32-bit FNV-1a over the UTF-16 units of a text: turns a request's identity into a PRNG seed. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Parameters that differ on every signed request even when it is the same request again. */
const PER_REQUEST_PARAMETERS = new Set(['Signature', 'SignatureNonce', 'Timestamp', 'AccessKeyId', 'SecurityToken']);

/**
 * Draws faults for requests. A fault is not drawn from one stream in the order requests arrive: a client that
 * runs calls concurrently sends them in an order that varies from run to run, so a stream would hand the same
 * request another fault each time. Instead each draw is seeded by the seed, the request's own parameters (those
 * that stay the same when it is sent again) and how many times that request was seen: the third attempt of a
 * given CopySnapshot gets the same fault in every run with the same seed.
 */
export class RandomFaults {
  private readonly seed: number;
  private readonly probability: number;
  private readonly actions: ReadonlySet<string> | undefined;
  private readonly catalogue: readonly Fault[];
  /** How many times each request (by its identity) was seen. */
  private readonly sightings = new Map<string, number>();

  /** Throws a TypeError naming the option on malformed options. */
  constructor(options: RandomFaultOptions) {
    validateRandomFaultOptions(options);
    const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
    this.catalogue = randomFaultCatalogue(options.delayMs ?? DEFAULT_DELAY_MS).filter(
      (fault) => kinds === undefined || kinds.has(fault.kind),
    );
    this.seed = options.seed;
    this.probability = options.probability;
    this.actions = options.Actions === undefined ? undefined : new Set(options.Actions);
  }

  /** The fault for this request, or undefined; every call counts as one more sighting of the request. */
  draw(params: ReadonlyMap<string, string>): Fault | undefined {
    const action = params.get('Action') ?? '';
    if (this.actions !== undefined && !this.actions.has(action)) return undefined;
    const identity = [...params]
      .filter(([name]) => !PER_REQUEST_PARAMETERS.has(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    const sighting = (this.sightings.get(identity) ?? 0) + 1;
    this.sightings.set(identity, sighting);
    const random = mulberry32(fnv1a(`${this.seed}|${sighting}|${identity}`));
    if (random() >= this.probability) return undefined;
    return this.catalogue[Math.floor(random() * this.catalogue.length)];
  }
}

const FAULT_KINDS: ReadonlySet<string> = new Set(randomFaultCatalogue().map((fault) => fault.kind));

/** Options fail with a message that names the option, before any request is served. */
export function validateRandomFaultOptions(options: RandomFaultOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('Expected `randomFaults` to be an object.');
  if (!Number.isSafeInteger(options.seed)) throw new TypeError('Expected `randomFaults.seed` to be an integer.');
  if (typeof options.probability !== 'number' || !(options.probability >= 0 && options.probability <= 1)) {
    throw new TypeError('Expected `randomFaults.probability` to be a number from 0 to 1.');
  }
  if (options.kinds !== undefined) {
    if (!Array.isArray(options.kinds) || options.kinds.length === 0) {
      throw new TypeError('Expected `randomFaults.kinds` to be a non-empty array of fault kinds.');
    }
    const unknown = options.kinds.find((kind) => !FAULT_KINDS.has(kind));
    if (unknown !== undefined) {
      throw new TypeError(`Expected \`randomFaults.kinds\` to hold only ${[...FAULT_KINDS].join(', ')}, not ${JSON.stringify(unknown)}.`);
    }
  }
  if (options.delayMs !== undefined && !(Number.isInteger(options.delayMs) && options.delayMs >= 0 && options.delayMs <= 600_000)) {
    throw new TypeError('Expected `randomFaults.delayMs` to be an integer from 0 to 600000.');
  }
  if (
    options.Actions !== undefined &&
    (!Array.isArray(options.Actions) || options.Actions.some((action) => typeof action !== 'string' || action === ''))
  ) {
    throw new TypeError('Expected `randomFaults.Actions` to be an array of Action names.');
  }
}
