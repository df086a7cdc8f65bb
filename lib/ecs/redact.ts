import type { Credentials } from './credentials';

const REDACTED = '[REDACTED]';

/**
 * A signed parameter named in text ECS, a proxy or the HTTP client produce (ECS's SignatureDoesNotMatch message
 * quotes the string it signed, which holds the STS token), followed by its value in any of the ways text gets
 * encoded on the way: `Name=value`, percent-encoded once or twice (`%3D`, `%253d`), as an HTML entity (`&#61;`), as
 * JSON (`"Name":"value"`, escaped or not) or as a header (`Name: value`).
 */
const SIGNED_PARAMETER =
  /(?<![A-Za-z])(Signature|SecurityToken|AccessKeySecret)((?:\s*(?:=|%3D|%253D|&#0*61;|&#x0*3D;|:)\s*)|(?:\\?["']\s*:\s*\\?["']))(?:(?!%26|%2526|&amp;|\\["'])[^&\s"',<>])+/gi;

/** A base64 character, raw or percent-encoded (once or twice). */
const B64 = '(?:[A-Za-z0-9]|%(?:25)?2[BbFf]|[+/])';
/** An HMAC-SHA1 signature as RPC signing makes it: 20 bytes in base64, 27 characters and one `=`, maybe encoded. */
const BARE_SIGNATURE = new RegExp(`(?<![A-Za-z0-9+/%])${B64}{27}(?:=|%(?:25)?3[Dd])(?![A-Za-z0-9+/=])`, 'g');

/** Fragments of base64 shorter than this could match ordinary words; the secrets themselves are much longer. */
const MIN_BASE64_FRAGMENT = 12;

const patternsByCredentials = new WeakMap<Credentials, RegExp[]>();

/**
 * One token of an encoded character, as characterForms() writes them: percent-encoding once or twice, decimal and
 * hexadecimal HTML references, the named entities, a JSON `\u` escape, a backslash before `/`, `"` or `\`.
 */
const ENCODED_CHARACTER =
  /%(?:25)?([0-9a-fA-F]{2})|&#0*(\d+);|&#[xX]0*([0-9a-fA-F]+);|&(amp|lt|gt|quot|apos);|\\[uU]([0-9a-fA-F]{4})|\\([/"\\])/g;
const NAMED_CHARACTER: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Secrets whose every character is printable ASCII that starts no encoding and is not a space (written `+`). */
const PLAIN_SECRET = /^[!-$'-[\]-~]*$/;

/**
 * Removes every trace of a credential from text that is about to leave the function (a message, a Code, a
 * RequestId ECS or a proxy answered): the AccessKey secret and the STS token in any mix of the encodings text meets
 * on its way (percent-encoding in either case, once or twice; HTML entities; JSON escapes such as `\/`; `+` for a
 * space; base64 at any alignment), any signed parameter by name, and a bare signature value.
 */
export function redact(text: string, credentials: Credentials | undefined): string {
  let result = text;
  if (credentials !== undefined && mayHoldSecret(text, credentials)) {
    for (const pattern of secretPatterns(credentials)) result = result.replace(pattern, REDACTED);
  }
  return result.replace(SIGNED_PARAMETER, `$1$2${REDACTED}`).replace(BARE_SIGNATURE, REDACTED);
}

/**
 * Whether the secret patterns can match at all: every match of them decodes, one encoded character at a time, into
 * a secret or one of its base64 fragments, so text whose decoded form holds none of them holds no secret. This
 * spares every answer (each RequestId is redacted) the patterns, one alternation per character of an STS token of
 * hundreds. A secret with a character that starts an encoding itself (`%`, `&`, `\`), a space or any non-ASCII is
 * always searched with the patterns.
 */
function mayHoldSecret(text: string, credentials: Credentials): boolean {
  const secrets = [credentials.accessKeySecret, credentials.securityToken].filter((secret): secret is string => !!secret);
  if (secrets.some((secret) => !PLAIN_SECRET.test(secret))) return true;
  const decoded = text.replace(ENCODED_CHARACTER, decodeCharacter);
  return secrets.some((secret) => [secret, ...base64Fragments(secret)].some((form) => decoded.includes(form)));
}

function decodeCharacter(token: string, ...groups: Array<string | undefined>): string {
  const [percent, decimal, hexadecimal, named, unicode, escaped] = groups;
  if (percent !== undefined || unicode !== undefined) return String.fromCharCode(Number.parseInt(percent ?? unicode ?? '', 16));
  if (decimal !== undefined || hexadecimal !== undefined) {
    const codePoint = decimal !== undefined ? Number(decimal) : Number.parseInt(hexadecimal ?? '', 16);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : token;
  }
  if (named !== undefined) return NAMED_CHARACTER[named] ?? token;
  return escaped ?? token;
}

function secretPatterns(credentials: Credentials): RegExp[] {
  const cached = patternsByCredentials.get(credentials);
  if (cached !== undefined) return cached;
  const patterns: RegExp[] = [];
  for (const secret of [credentials.accessKeySecret, credentials.securityToken]) {
    if (!secret) continue;
    for (const form of [secret, ...base64Fragments(secret)]) {
      patterns.push(new RegExp([...form].map(characterForms).join(''), 'g'));
    }
  }
  patternsByCredentials.set(credentials, patterns);
  return patterns;
}

/** Every way one character of a secret may be written in text that went through URLs, HTML or JSON. */
function characterForms(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  const bytes = [...Buffer.from(character, 'utf8')];
  const percent = (prefix: string) => bytes.map((byte) => `${prefix}${hexPattern(byte, 2)}`).join('');
  const forms = [escapeRegExp(character), percent('%'), percent('%25'), `&#0*${codePoint};`, `&#[xX]0*${hexPattern(codePoint, 1)};`];
  if (codePoint <= 0xffff) forms.push(String.raw`\\[uU]${hexPattern(codePoint, 4)}`);
  const named = HTML_NAMED[character];
  if (named !== undefined) forms.push(named);
  if (character === '/' || character === '"' || character === '\\') forms.push(String.raw`\\${escapeRegExp(character)}`);
  if (character === ' ') forms.push(String.raw`\+`);
  return `(?:${forms.join('|')})`;
}

const HTML_NAMED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&(?:apos|#39);' };

/** A number in hexadecimal, each digit matching either case. */
function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')]
    .map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
    .join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The base64 text of a secret that appears whatever bytes precede it (it may sit inside a larger base64 blob, such
 * as a Basic authorization header): for each of the three alignments, the characters made of the secret's bits
 * only, in standard and URL-safe alphabets.
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const fragments = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const fragment = encoded.slice(start, end);
    if (fragment.length < MIN_BASE64_FRAGMENT) continue;
    fragments.add(fragment);
    fragments.add(fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...fragments];
}
