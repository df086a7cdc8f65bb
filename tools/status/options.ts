import { parseToolArgs, UsageError } from '../tool-args';

/** The options' UsageError, shared by the tools (tool-args.ts). */
export { UsageError };

export const USAGE = `usage: npm run status -- [options]

Runs the function as a dry run (it only reads: DescribeSnapshots, DescribeLockedSnapshots), configured as
s.yaml deploys it with anything exported on top, and prints each protected disk's recovery point in each
destination against the RPO.

  --html FILE            also write the status as one self-contained HTML page
  --screenshot FILE.png  with --html: a PNG of the page, rendered by headless Chromium
  --window-size WxH      the screenshot's size in pixels (default: 1100 wide, as tall as the page)
  --request JSON|FILE    the selection to report on, as a timer payload such as '{"InstanceIds":["i-..."]}'
                         (default: the payload of s.yaml's timer trigger; an empty payload means SELECTION)
  --json                 print the status as JSON instead of a table
  --demo                 start the local ECS endpoint with a sample fleet and report on that
  --help                 this text

Exit status: 0 every disk within RPO and no copy failed; 1 a disk outside RPO or a copy failed;
2 the status could not be computed (configuration, credentials, ECS refused, Chromium missing).
See docs/status.md.
`;

export interface StatusOptions {
  html: string | undefined;
  screenshot: string | undefined;
  windowSize: { width: number; height: number } | undefined;
  request: string | undefined;
  json: boolean;
  demo: boolean;
  help: boolean;
}

function windowSize(value: string | undefined): StatusOptions['windowSize'] {
  if (value === undefined) return undefined;
  const match = /^(\d{2,5})x(\d{2,5})$/.exec(value);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 200 || height < 200 || width > 10_000 || height > 20_000) {
    throw new UsageError(`--window-size must be WIDTHxHEIGHT in pixels, such as 1100x1400, not "${value}"`);
  }
  return { width, height };
}

/** Throws a UsageError naming the option and the rule. */
export function parseStatusOptions(argv: readonly string[]): StatusOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.screenshot !== undefined && values.html === undefined) {
    throw new UsageError('--screenshot needs --html FILE: the screenshot is of that page');
  }
  if (values.screenshot !== undefined && !values.screenshot.toLowerCase().endsWith('.png')) {
    throw new UsageError(`--screenshot writes a PNG: give a file name ending in .png, not "${values.screenshot}"`);
  }
  if (values.demo && values.request !== undefined) {
    throw new UsageError('--request and --demo do not go together: the demo reports on its own sample fleet');
  }
  if (values['window-size'] !== undefined && values.screenshot === undefined) {
    throw new UsageError('--window-size is the size of the screenshot: give --screenshot FILE.png too');
  }
  return {
    html: values.html,
    screenshot: values.screenshot,
    windowSize: windowSize(values['window-size']),
    request: values.request,
    json: values.json ?? false,
    demo: values.demo ?? false,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseToolArgs(argv, {
    html: { type: 'string' },
    screenshot: { type: 'string' },
    'window-size': { type: 'string' },
    request: { type: 'string' },
    json: { type: 'boolean' },
    demo: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
}
