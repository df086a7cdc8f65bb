import type { Credentials } from './credentials';

const REDACTED = '[REDACTED]';

/** Signed parameters that may show up in text ECS or the HTTP client produce (ECS's SignatureDoesNotMatch message
 * quotes the string it signed, which holds the STS token). */
const SIGNED_PARAMETER = /(?<![A-Za-z])(Signature|SecurityToken|AccessKeySecret)(=|%3D|%253D)(?:(?!%26|%2526)[^&\s"',])+/gi;

/**
 * Removes every trace of a credential from text that is about to leave the function: the secret and the STS token
 * verbatim and percent-encoded (once and twice, as they appear inside a string-to-sign), and any signed parameter.
 */
export function redact(text: string, credentials: Credentials | undefined): string {
  let result = text;
  for (const secret of [credentials?.accessKeySecret, credentials?.securityToken]) {
    if (!secret) continue;
    const once = encodeURIComponent(secret);
    for (const form of new Set([secret, once, encodeURIComponent(once)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result.replace(SIGNED_PARAMETER, `$1$2${REDACTED}`);
}
