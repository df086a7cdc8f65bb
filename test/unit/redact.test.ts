import fc from 'fast-check';
import { redact } from '../../lib/ecs/redact';

const credentials = { accessKeyId: 'LTAI-canary-id', accessKeySecret: 'canary/secret+value=', securityToken: 'CAIS canary/token+==' };

/** Every form in which an echoing proxy or ECS could hand a secret back. */
function encodedForms(secret: string): Array<[string, string]> {
  const once = encodeURIComponent(secret);
  return [
    ['verbatim', secret],
    ['percent-encoded', once],
    ['percent-encoded twice', encodeURIComponent(once)],
    ['percent-encoded in lower case', once.replace(/%[0-9A-F]{2}/g, (percent) => percent.toLowerCase())],
    ['form-encoded (space as +)', once.replace(/%20/g, '+')],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
    ['base64 inside a larger blob', Buffer.from(`user:${secret}`).toString('base64')],
    ['as HTML decimal entities', secret.replace(/[/+=]/g, (c) => `&#${c.charCodeAt(0)};`)],
    ['as HTML hex entities', secret.replace(/[/+=]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`)],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')],
    ['as JSON \\u escapes', secret.replace(/[/+=]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
  ];
}

describe('redact', () => {
  describe.each([
    ['AccessKey secret', credentials.accessKeySecret],
    ['STS token', credentials.securityToken],
  ])('the %s', (_what, secret) => {
    it.each(encodedForms(secret))('is removed when it appears %s', (_form, encoded) => {
      const result = redact(`ECS said: <${encoded}> and more`, credentials);

      expect(result).not.toContain(encoded);
      expect(result).toContain('[REDACTED]');
      expect(result).toMatch(/^ECS said: </);
    });
  });

  it('removes any signed parameter, even of credentials it was not told about', () => {
    const result = redact('POST&%2F&AccessKeyId%3DLTAI%26Signature%3Dabc%252Bdef%26SecurityToken%3Dother-token&x', undefined);

    expect(result).not.toContain('abc%252Bdef');
    expect(result).not.toContain('other-token');
    expect(result).toContain('AccessKeyId%3DLTAI');
  });

  it.each([
    ['lower-case percent-encoding', 'Signature%3dabc%2bdef%26x=1'],
    ['a JSON field', '{"Signature":"abcdef12345","Code":"x"}'],
    ['an escaped JSON field', '{\\"SecurityToken\\":\\"other-token\\"}'],
    ['an HTML entity', 'Signature&#61;abcdef12345&amp;x'],
    ['a header', 'Signature: abcdef12345'],
  ])('removes a signed parameter written as %s', (_form, text) => {
    const result = redact(text, undefined);

    expect(result).not.toMatch(/abc(?:%2b|def)|other-token/i);
    expect(result).toContain('[REDACTED]');
  });

  it('removes a bare signature value, raw or percent-encoded', () => {
    const signature = 'q1Y2Zk9+Rr/0mV5bC3XlZ8pQw7E=';

    for (const form of [signature, encodeURIComponent(signature), encodeURIComponent(encodeURIComponent(signature))]) {
      expect(redact(`signature was ${form}.`, undefined)).toBe('signature was [REDACTED].');
    }
  });

  it('leaves ordinary text, RequestIds and snapshot IDs alone', () => {
    for (const text of [
      'The specified snapshot is not exists.',
      'C8B26B44-0189-443E-9816-D951F59623A9',
      's-bp67acfmxazb4p3xk2rd',
      'SignatureMethod=HMAC-SHA1&SignatureVersion=1.0',
    ]) {
      expect(redact(text, credentials)).toBe(text);
    }
  });
});

describe('redact, for any STS-like secret and any mix of encodings a character at a time', () => {
  /** One character written as characterForms() allows: verbatim, %XX in either case once or twice, &#N;, &#xN;, \uXXXX. */
  const encodedCharacter = (character: string) =>
    fc.constantFrom(
      character,
      `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
      `%25${character.charCodeAt(0).toString(16).padStart(2, '0')}`,
      `&#${character.charCodeAt(0)};`,
      `&#x${character.charCodeAt(0).toString(16)};`,
      `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  const secret = fc.string({ unit: fc.constantFrom(...'ABCdef0129+/='), minLength: 16, maxLength: 60 });
  const noise = fc.string({ maxLength: 30 });

  it('removes the secret however its characters are encoded, and leaves text without it as it was', () => {
    fc.assert(
      fc.property(secret, noise, noise, fc.infiniteStream(fc.nat()), (token, before, after, picks) => {
        const mixed = fc.sample(fc.tuple(...[...token].map(encodedCharacter)), { numRuns: 1, seed: picks.next().value })[0] ?? [];
        const withSecret = { accessKeyId: 'LTAI-property', accessKeySecret: 'plainAccessKeySecret0001', securityToken: token };

        expect(redact(`${before}<${mixed.join('')}>${after}`, withSecret)).toContain('<[REDACTED]>');
        expect(redact(`${before}${after}`, withSecret)).toBe(redact(`${before}${after}`, undefined));
      }),
      { numRuns: 100 },
    );
  });
});
