import type { FcContext } from './fc-context';
import { type InvocationEvent, isRenderableTime } from './invocation-event';

/** What the invocation, not the request, decides: every use case's order carries it. */
export interface InvocationFacts {
  /** When the copy was asked for: a timer's triggerTime, else the invocation's start. Dates in templates use it. */
  time: Date;
  /** The function's own region (FC's `context.region`), the last fallback for RegionId. */
  functionRegionId: string | undefined;
  /** Set when a timer trigger invoked the function: what a timer cannot ask for (a restore) is refused by it. */
  timer?: true;
}

/**
 * When the copy was asked for, for the dates in names and descriptions: a timer's triggerTime (FC re-delivers the
 * same event with it, so a re-delivery renders the same parameters), an HTTP request's time, else now.
 */
export function invocationFacts(event: InvocationEvent, fc: FcContext, startedAt: number): InvocationFacts {
  if (event.source === 'timer') return { time: event.triggerTime, functionRegionId: fc.region, timer: true };
  // FC's gateway sets timeEpoch; a direct invoker could send any, so only a time the templates can render is taken.
  const epoch = event.source === 'http' ? Number(event.http.requestContext.timeEpoch) : Number.NaN;
  return { time: new Date(isRenderableTime(epoch) && epoch > 0 ? epoch : startedAt), functionRegionId: fc.region };
}
