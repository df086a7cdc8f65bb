// The Node modules any HTTPS client of ECS loads (http, https with tls, crypto), alone: the floor under the
// bundle's load time that no choice of client removes. Exported, or the bundler would drop them as unused.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';

export { crypto, http, https };
