import { redact } from '../../lib/ecs/redact';

const credentials = { accessKeyId: 'LTAI-canary-id', accessKeySecret: 'canary/secret+value=', securityToken: 'CAIS canary/token+==' };

describe('redact', () => {
  it('removes the secret and the STS token verbatim and percent-encoded once or twice', () => {
    const text = [
      `secret ${credentials.accessKeySecret}`,
      `token ${credentials.securityToken}`,
      `once ${encodeURIComponent(credentials.securityToken)}`,
      `twice ${encodeURIComponent(encodeURIComponent(credentials.securityToken))}`,
    ].join('\n');

    const result = redact(text, credentials);

    expect(result).not.toContain(credentials.accessKeySecret);
    expect(result).not.toContain(credentials.securityToken);
    expect(result).not.toContain(encodeURIComponent(credentials.securityToken));
    expect(result).not.toContain(encodeURIComponent(encodeURIComponent(credentials.securityToken)));
    expect(result.match(/\[REDACTED\]/g)).toHaveLength(4);
  });

  it('removes any signed parameter, even of credentials it was not told about', () => {
    const result = redact('POST&%2F&AccessKeyId%3DLTAI%26Signature%3Dabc%252Bdef%26SecurityToken%3Dother-token&x', undefined);

    expect(result).not.toContain('abc%252Bdef');
    expect(result).not.toContain('other-token');
    expect(result).toContain('AccessKeyId%3DLTAI');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('The specified snapshot is not exists.', credentials)).toBe('The specified snapshot is not exists.');
  });
});
