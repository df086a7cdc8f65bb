/**
 * One JSON object a line on stdout, which FC ships to SLS, where each field becomes searchable. Only fields the
 * function chose are logged: never a raw event, an error object or anything from the credentials.
 */
type LogValue = string | number | boolean | null | undefined | readonly string[];
export type LogFields = Readonly<Record<string, LogValue>>;
export type LogSink = (line: string) => void;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

export function createLogger(sink: LogSink = stdoutSink, base: LogFields = {}, now: () => Date = () => new Date()): Logger {
  const write = (level: string, message: string, fields: LogFields = {}) =>
    sink(JSON.stringify({ time: now().toISOString(), level, message, ...base, ...fields }));
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger(sink, { ...base, ...fields }, now),
  };
}
