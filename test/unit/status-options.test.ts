import { parseStatusOptions, UsageError } from '../../tools/status/options';

describe('npm run status options', () => {
  it('takes --html, --screenshot and --window-size together', () => {
    expect(parseStatusOptions(['--html', 'a.html', '--screenshot', 'a.png', '--window-size', '1200x900'])).toMatchObject({
      html: 'a.html',
      screenshot: 'a.png',
      windowSize: { width: 1200, height: 900 },
    });
  });

  it.each([
    [['--screenshot', 'a.png'], /--screenshot needs --html/],
    [['--html', 'a.html', '--screenshot', 'a.jpg'], /ending in \.png/],
    [['--html', 'a.html', '--screenshot', 'a.png', '--window-size', 'big'], /WIDTHxHEIGHT/],
    [['--window-size', '800x600'], /give --screenshot/],
    [['--demo', '--request', '{}'], /do not go together/],
    [['--htlm', 'a.html'], /htlm/],
  ])('refuses %j, saying why', (argv, message) => {
    expect(() => parseStatusOptions(argv)).toThrow(UsageError);
    expect(() => parseStatusOptions(argv)).toThrow(message);
  });
});
