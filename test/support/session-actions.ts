/**
 * Which ECS actions a use case calls, read from the sources: the session methods its files call (`session.x(`), and
 * the actions each method of the sessions (lib/calls) sends, following the methods it calls in turn (a listing calls
 * its describe method, which names its Action). For the RAM policy tests: a policy equal to the calls.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SESSION_FILES = ['lib/calls/ecs-session.ts', 'lib/calls/ecs-disk-session.ts', 'lib/calls/ecs-restore-session.ts'];

/** Each session method's body, by name (a method of the same name in a subclass adds to it: none does here). */
function sessionMethods(): Map<string, string> {
  const methods = new Map<string, string>();
  for (const file of SESSION_FILES) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    const starts = [...source.matchAll(/^ {2}(?:(?:protected|private|async|get)\s+)*\*?\s*(\w+)(?:<[^>]*>)?\(/gm)];
    starts.forEach((start, index) => {
      const name = start[1] ?? '';
      const end = starts[index + 1]?.index ?? source.length;
      methods.set(name, `${methods.get(name) ?? ''}${source.slice(start.index, end)}`);
    });
  }
  return methods;
}

/** The ECS actions a session method sends, itself or through the methods it calls. */
export function actionsOfMethod(name: string, methods = sessionMethods(), seen = new Set<string>()): Set<string> {
  const actions = new Set<string>();
  if (seen.has(name)) return actions;
  seen.add(name);
  const body = methods.get(name) ?? '';
  for (const match of body.matchAll(/Action: '([A-Z]\w+)'/g)) actions.add(match[1] ?? '');
  for (const match of body.matchAll(/this\.(\w+)\(/g))
    for (const action of actionsOfMethod(match[1] ?? '', methods, seen)) actions.add(action);
  return actions;
}

/** The ECS actions the files of a folder of lib/ call through a session (`session.x(`, `this.session.x(`). */
export function actionsCalledIn(folder: string): string[] {
  const methods = sessionMethods();
  const actions = new Set<string>();
  const files = readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const source = readFileSync(join(ROOT, folder, file), 'utf8');
    for (const match of source.matchAll(/\bsession\.(\w+)\(/g)) {
      for (const action of actionsOfMethod(match[1] ?? '', methods)) actions.add(action);
    }
  }
  return [...actions].sort();
}
