import { escapeHtml, renderHtml } from '../../tools/status/html-page';
import { sampleStatus } from '../support/status-fixtures';

const HOSTILE = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>&amp;';

describe('the status page', () => {
  it('escapes every text that comes from ECS or the configuration, so a tag value cannot inject markup', () => {
    const report = sampleStatus({
      SourceRegionId: HOSTILE,
      DestinationRegionIds: [HOSTILE],
      Request: { Source: HOSTILE, Body: { SourceTag: [{ Key: HOSTILE, Value: HOSTILE }] } },
      Disks: [HOSTILE],
      Cells: [
        {
          DiskId: HOSTILE,
          DestinationRegionId: HOSTILE,
          State: 'outside',
          DataAgeHours: 50,
          DataCreationTime: HOSTILE,
          NewestCopySnapshotId: HOSTILE,
          Progressing: [HOSTILE],
          Failed: [HOSTILE],
        },
      ],
      Running: [
        { DiskId: HOSTILE, DestinationRegionId: HOSTILE, SnapshotId: HOSTILE, Progress: HOSTILE, Percent: null, SourceSnapshotId: HOSTILE },
      ],
      Failures: [
        {
          DiskId: HOSTILE,
          DestinationRegionId: HOSTILE,
          SourceSnapshotId: HOSTILE,
          SnapshotId: HOSTILE,
          Code: HOSTILE,
          Class: HOSTILE,
          Message: HOSTILE,
          Advice: HOSTILE,
        },
      ],
      NoLongerSelected: [{ DiskId: HOSTILE, DestinationRegionId: HOSTILE, NewestCopySnapshotId: HOSTILE, DataAgeHours: 3 }],
      Notes: [HOSTILE],
    });

    const page = renderHtml(report);

    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toContain('"\'>');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).toContain('&#38;amp;');
  });

  it('escapes the five characters that matter in text and in quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('is one self-contained file: inline style, no script, no external asset', () => {
    const page = renderHtml(sampleStatus());

    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|https?:\/\//i);
  });

  it('colours each cell by its RPO state and shows the age of the data', () => {
    const page = renderHtml(sampleStatus());

    expect(page).toMatch(
      /<td class="cell within" data-disk="d-within00001" data-destination="us-east-1" data-state="within" data-age-hours="5">/,
    );
    expect(page).toMatch(/<td class="cell outside" data-disk="d-outside0002" data-destination="us-east-1" data-state="outside"/);
    expect(page).toMatch(/<td class="cell no-copy" data-disk="d-outside0002" data-destination="eu-central-1" data-state="no-copy">/);
    expect(page).toContain('<span class="age">50.0 h</span>');
  });

  it('draws a progress bar for each running copy, bounded to 0–100%', () => {
    const report = sampleStatus();
    const over = { ...report, Running: report.Running.map((copy) => ({ ...copy, Progress: '100%', Percent: 140 })) };

    expect(renderHtml(report)).toContain('aria-valuenow="40"><span class="fill" style="display:block;width:40%">');
    expect(renderHtml(over)).toContain('width:100%');
  });

  it('shows failures with their advice, the time it was made and the RPO', () => {
    const page = renderHtml(sampleStatus());

    expect(page).toContain('<b>What to do:</b> The next run makes it again.');
    expect(page).toContain('<time datetime="2026-12-01T10:00:00.000Z">2026-12-01 10:00 UTC</time>');
    expect(page).toContain('data-rpo-hours="36">36 h</dd>');
  });

  it('says plainly when the function does not report disks no longer selected, and lists them when it does', () => {
    expect(renderHtml(sampleStatus())).toContain('Not yet reported by this version of the function.');
    expect(
      renderHtml(
        sampleStatus({
          NoLongerSelected: [{ DiskId: 'd-gone0001', DestinationRegionId: 'us-east-1', NewestCopySnapshotId: 's-c', DataAgeHours: 80 }],
        }),
      ),
    ).toMatch(/<tr data-disk="d-gone0001">.*80\.0 h/);
  });

  it('shows only the failure when the status could not be computed', () => {
    const page = renderHtml(
      sampleStatus({
        RunFailure: {
          DiskId: null,
          DestinationRegionId: null,
          SourceSnapshotId: null,
          SnapshotId: null,
          Code: 'Forbidden.RAM',
          Class: 'forbidden',
          Message: 'User not authorized',
          Advice: 'Grant ecs:DescribeSnapshots',
        },
      }),
    );

    expect(page).toContain('The status could not be computed');
    expect(page).toContain('Forbidden.RAM');
    expect(page).not.toContain('class="matrix"');
  });
});
