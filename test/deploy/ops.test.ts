// What an SRE sets up from ops/ (docs/operations.md): the Logstore's index, the alert rules, and the sample of what
// the failure topic receives. The queries the documentation and the rules use must find their fields in the index,
// the rules must be what the page says, and the sample must be what this function's timer would send.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod/mini';
import { ROOT } from '../support/docs';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const LeafSchema = z.object({ type: z.enum(['text', 'long', 'double']), doc_value: z.boolean() });
const IndexSchema = z.object({
  line: z.object({ token: z.array(z.string()), caseSensitive: z.boolean() }),
  keys: z.object({ message: z.object({ type: z.literal('json'), doc_value: z.boolean(), json_keys: z.record(z.string(), LeafSchema) }) }),
});
const AlertSchema = z.strictObject({
  name: z.string(),
  meaning: z.string(),
  query: z.string(),
  timeRange: z.string().check(z.regex(/^\d+[mh]$/)),
  checkEvery: z.string().check(z.regex(/^\d+[mh]$/)),
  condition: z.string(),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
});

const index = IndexSchema.parse(JSON.parse(read('ops/sls-index.json')));
const leaves = index.keys.message.json_keys;
const alerts = readdirSync(join(ROOT, 'ops', 'alerts'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => AlertSchema.parse(JSON.parse(read(`ops/alerts/${name}`))));

/** The section of a page from its heading to the next heading of the same level. */
function section(page: string, heading: string): string {
  const start = page.indexOf(heading);
  if (start < 0) throw new Error(`no "${heading}"`);
  const end = page.indexOf(`\n${heading.split(' ')[0]} `, start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** Every query: the code spans of logs.md's SLS queries and of operations.md's alert table, and each rule's query. */
function queries(): string[] {
  const spans = (text: string) => [...text.matchAll(/`([^`]*message\.[^`]*)`/g)].map((match) => (match[1] ?? '').replaceAll('\\|', '|'));
  const sql = [...section(read('docs/logs.md'), '## SLS queries').matchAll(/```\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return [
    ...spans(section(read('docs/logs.md'), '## SLS queries')),
    ...sql,
    ...spans(section(read('docs/operations.md'), '## Alert rules')),
    ...alerts.map((alert) => alert.query),
  ];
}

describe('the Logstore index in ops/sls-index.json', () => {
  it('indexes every field the documented queries and the alert rules use', () => {
    const used = new Set(queries().flatMap((query) => [...query.matchAll(/message\.([A-Za-z]+)/g)].map((match) => match[1] ?? '')));

    // The scan found the queries at all: without this, a reworded page would make the check pass on nothing.
    expect(used.has('Class') && used.has('WithinRpo')).toBe(true);
    expect([...used].filter((field) => !(field in leaves))).toEqual([]);
  });

  it('indexes as a number every field a query compares with > or <', () => {
    const compared = queries().flatMap((query) => [...query.matchAll(/message\.([A-Za-z]+) *[<>]/g)].map((match) => match[1] ?? ''));

    expect(compared.length).toBeGreaterThan(0);
    expect(compared.filter((field) => leaves[field]?.type === 'text')).toEqual([]);
  });

  it('indexes only fields the function writes to its log lines, with analysis on for SQL', () => {
    const library = readdirSync(join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => read(`lib/${name}`))
      .join('\n');

    expect(Object.keys(leaves).filter((field) => !new RegExp(`\\b${field}\\b`).test(library))).toEqual([]);
    expect(Object.entries(leaves).filter(([, leaf]) => !leaf.doc_value)).toEqual([]);
  });
});

describe('the alert rules in ops/alerts/', () => {
  it('trigger on a column their own query names', () => {
    for (const alert of alerts) {
      const column = /^(\w+)/.exec(alert.condition)?.[1];
      expect({ name: alert.name, names: alert.query.includes(` AS ${column}`) }).toEqual({ name: alert.name, names: true });
    }
  });

  it("are what docs/operations.md's table says, rule by rule", () => {
    const table = section(read('docs/operations.md'), '## Alert rules');
    const rows = [...table.matchAll(/^\| `(snapshot-copy-[a-z-]+)` \| `(.+?)` \| (\S+) \| (\S+) \| `(.+?)` \| (\w+) \|$/gm)].map((row) => ({
      name: row[1],
      query: (row[2] ?? '').replaceAll('\\|', '|'),
      timeRange: row[3],
      checkEvery: row[4],
      condition: row[5],
      severity: row[6],
    }));

    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(
      alerts
        .map(({ meaning: _meaning, ...rule }) => rule)
        .sort((a, b) => rows.findIndex((row) => row.name === a.name) - rows.findIndex((row) => row.name === b.name)),
    );
  });

  it('include one for silence: no run of the daily timer', () => {
    expect(alerts.find((alert) => alert.condition.endsWith('= 0'))?.query).toContain('message.triggerName: daily-copy');
  });
});

describe('the sample of what the failure topic receives', () => {
  const sample = z
    .object({
      requestContext: z.object({ functionArn: z.string(), approximateInvokeCount: z.number() }),
      requestPayload: z.string(),
      responsePayload: z.string(),
    })
    .parse(JSON.parse(read('ops/failure-topic-message.sample.json')));

  it("carries the daily timer's event as s.yaml configures it, after FC's retries", () => {
    const deployed = z
      .object({
        resources: z.record(
          z.string(),
          z.object({
            props: z.object({
              triggers: z.array(z.object({ triggerName: z.string(), triggerConfig: z.object({ payload: z.optional(z.string()) }) })),
            }),
          }),
        ),
      })
      .parse(parseYaml(read('s.yaml')));
    const timer = Object.values(deployed.resources)
      .flatMap((resource) => resource.props.triggers)
      .find((trigger) => trigger.triggerName === 'daily-copy');
    const event = z
      .object({ triggerTime: z.string(), triggerName: z.string(), payload: z.string() })
      .parse(JSON.parse(sample.requestPayload));

    expect(event).toEqual({ triggerTime: event.triggerTime, triggerName: 'daily-copy', payload: timer?.triggerConfig.payload });
    expect(Number.isNaN(Date.parse(event.triggerTime))).toBe(false);
    expect(sample.requestContext.functionArn).toMatch(/^acs:fc:[a-z0-9-]+:\d+:functions\/snapshot-copy$/);
    expect(sample.requestContext.approximateInvokeCount).toBe(1 + 3);
  });

  it("shows the function's own failure message, and is the JSON docs/operations.md shows", () => {
    const response = z.object({ errorMessage: z.string() }).parse(JSON.parse(sample.responsePayload));
    const shown = /## What the failure topic receives[\s\S]*?```json\n([\s\S]*?)```/.exec(read('docs/operations.md'))?.[1] ?? '';

    expect(response.errorMessage).toMatch(
      /^CopyRunFailed: \d+ of \d+ copies failed \([A-Za-z.]+ ×\d+\); \d+ disk and destination pair\(s\) outside RPO: /,
    );
    expect(JSON.parse(shown)).toEqual(JSON.parse(read('ops/failure-topic-message.sample.json')));
  });
});
