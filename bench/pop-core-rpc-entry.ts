// pop-core's RPC client alone (with httpx and the Node http/https/tls modules it loads), bundled and minified as
// in dist/index.js: the benchmark measures how much of the bundle's load time is this HTTP client's.
import RPCClient = require('@alicloud/pop-core/lib/rpc');

export { RPCClient };
