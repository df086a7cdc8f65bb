// Types for the part of @alicloud/pop-core 1.8.0 (lib/rpc.js) this project uses; the package ships none.
declare module '@alicloud/pop-core/lib/rpc' {
  import type { Agent } from 'node:http';

  interface RpcCredentials {
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
  }

  interface RpcClientConfig {
    endpoint: string;
    apiVersion: string;
    accessKeyId?: string;
    accessKeySecret?: string;
    securityToken?: string;
    credentialsProvider?: { getCredentials(): Promise<RpcCredentials> };
    codes?: Array<string | number>;
    opts?: RpcRequestOptions;
  }

  interface RpcRequestOptions {
    /** Upper case only: pop-core compares `opts.method === 'POST'` to decide where the parameters go. */
    method?: 'GET' | 'POST';
    timeout?: number;
    connectTimeout?: number;
    readTimeout?: number;
    agent?: Agent;
    headers?: Record<string, string>;
    formatAction?: boolean;
    formatParams?: boolean;
  }

  /** With `verbose`, `request` resolves to `[body, entry]` and the entry carries the HTTP status. */
  interface RpcEntry {
    url: string;
    request: { headers: Record<string, unknown> } | null;
    response: { statusCode?: number; headers: Record<string, unknown> } | null;
  }

  class RPCClient {
    constructor(config: RpcClientConfig, verbose?: boolean);
    request(action: string, params?: Record<string, unknown>, opts?: RpcRequestOptions): Promise<unknown>;
  }

  export = RPCClient;
}
