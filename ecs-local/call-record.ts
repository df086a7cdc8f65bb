/** What only the HTTP transport knows of a call: the HTTP method it came with. */
export interface HttpTransport {
  kind: 'http';
  method: string;
}

/** What only the in-process transport knows of a call: how long the client would wait for the answer. */
export interface InProcessTransport {
  kind: 'in-process';
  timeoutMs: number;
}

export type CallTransport = HttpTransport | InProcessTransport;

/**
 * One call as the local cloud saw it, whichever transport brought it; `status` is 0 when no answer was sent (drop,
 * lose-answer, not-http). The engine keeps every one (LocalCloud.calls), so that a test reads the same record over
 * HTTP and in process.
 */
export interface RecordedCall<Transport extends CallTransport = CallTransport> {
  /** '' when the request was refused before its parameters could be read. */
  Action: string;
  RegionId?: string;
  /** The region of the endpoint called (`/<RegionId>/` over HTTP), for actions without RegionId. */
  EndpointRegionId?: string;
  /** Every RPC parameter but the signature's and the caller's (UNRECORDED_PARAMETERS), so a test can print them. */
  params: Record<string, string>;
  status: number;
  Code?: string;
  /** The key the call was authenticated with, and the account it acted for; absent when refused before that. */
  AccessKeyId?: string;
  AccountId?: string;
  /** The engine's clock (ms) when the call arrived. */
  at: number;
  transport: Transport;
}

/** A call as the transport knows it before it is answered: everything but the answer. */
export type CallStart<Transport extends CallTransport = CallTransport> = Omit<RecordedCall<Transport>, 'status' | 'Code'>;

/** Secrets and one-time values are never recorded: the record is printed by tests and served at /_local/calls. */
const UNRECORDED_PARAMETERS = new Set(['Signature', 'AccessKeyId', 'SecurityToken', 'SignatureNonce']);

/** The parameters a record keeps. */
export function recordedParams(params: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...params].filter(([name]) => !UNRECORDED_PARAMETERS.has(name)));
}
