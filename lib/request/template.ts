/**
 * Name and description templates: `{Placeholder}` is replaced by its value. Dates are UTC and come from the
 * invocation's time (a timer's `triggerTime`), so a re-delivered event renders the same name and description and
 * its ClientToken keeps matching (a changed parameter would be `IdempotentParameterMismatch`).
 */
const PLACEHOLDERS = ['SnapshotId', 'RegionId', 'DestinationRegionId', 'Date', 'Time', 'DateTime'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

interface TemplateValues {
  SnapshotId: string;
  RegionId: string;
  DestinationRegionId: string;
  time: Date;
}

const PLACEHOLDER_PATTERN = /\{([^{}]*)\}/g;

export function unknownPlaceholders(template: string): string[] {
  const known: readonly string[] = PLACEHOLDERS;
  return [...template.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] ?? '').filter((name) => !known.includes(name));
}

export function renderTemplate(template: string, values: TemplateValues): string {
  const iso = values.time.toISOString(); // 2026-11-27T20:37:00.000Z
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  const rendered: Record<Placeholder, string> = {
    SnapshotId: values.SnapshotId,
    RegionId: values.RegionId,
    DestinationRegionId: values.DestinationRegionId,
    Date: date,
    Time: time.replaceAll(':', ''),
    DateTime: `${date}T${time}Z`,
  };
  return template.replace(PLACEHOLDER_PATTERN, (whole, name: string) => (name in rendered ? rendered[name as Placeholder] : whole));
}
