// docs/status.png is the page the status draws now, not a page an earlier version drew: it carries a digest of the
// page's code, and this test fails, naming the command that remakes it, as soon as that code changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/docs';
import { decodePng } from '../support/png';
import {
  DIGEST_KEYWORD,
  REGENERATE,
  readTextChunk,
  SCREENSHOT_FILE,
  STATUS_PAGE_SOURCES,
  statusPageDigest,
  withTextChunk,
} from '../support/status-screenshot';

describe('the screenshot of the status page in the documentation', () => {
  it('was made from the code that draws the page now', () => {
    const recorded = readTextChunk(readFileSync(join(ROOT, SCREENSHOT_FILE)), DIGEST_KEYWORD);
    const current = statusPageDigest();

    if (recorded !== current) {
      throw new Error(
        `${SCREENSHOT_FILE} is older than the status page's code (${STATUS_PAGE_SOURCES.join(', ')}): ` +
          `${recorded === undefined ? 'it carries no digest' : `it was made from ${recorded.slice(0, 12)}…, the code is ${current.slice(0, 12)}…`}. ` +
          `Remake it with \`${REGENERATE}\` (Chromium needed), look at it, and commit it.`,
      );
    }
    expect(recorded).toBe(current);
  });

  it('stays a PNG that decodes after its digest is written into it', () => {
    const png = readFileSync(join(ROOT, SCREENSHOT_FILE));
    const rewritten = withTextChunk(png, DIGEST_KEYWORD, 'another digest');

    expect(readTextChunk(rewritten, DIGEST_KEYWORD)).toBe('another digest');
    const [before, after] = [decodePng(png), decodePng(rewritten)];
    expect({ width: after.width, height: after.height, same: after.pixels.equals(before.pixels) }).toEqual({
      width: before.width,
      height: before.height,
      same: true,
    });
  });
});
