/**
 * The JSON path subset EventBridge evaluates in InputPath and InputPathsMap: `$`, dot notation (names of
 * letters, digits, `_`, `-`, `/`), array indices `[0]` and the wildcard `*` (which collects every element
 * or field value into an array).
 */
export type PathStep = string | number | '*';

const STEP = /\.([A-Za-z0-9_\-/@:]+|\*)|\[(\d+|\*)\]/y;

/** The steps of a path, or a sentence saying why it is not one EventBridge accepts. */
export function parseJsonPath(path: string): PathStep[] | string {
  if (!path.startsWith('$')) return `JSON path "${path}" must start with $`;
  const steps: PathStep[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const m = STEP.exec(path);
    if (!m)
      return `JSON path "${path}" is not supported at character ${at + 1}: use dot notation and [index]`;
    const name = m[1] ?? m[2]!;
    steps.push(m[2] !== undefined && m[2] !== '*' ? Number(name) : name);
  }
  return steps;
}

/** The value at `path` in `value`, or undefined when the path leads nowhere. */
export function selectPath(value: unknown, path: string): unknown {
  const steps = parseJsonPath(path);
  if (typeof steps === 'string') throw new RangeError(steps);
  return select(value, steps, 0);
}

function select(value: unknown, steps: readonly PathStep[], from: number): unknown {
  if (from === steps.length) return value;
  const step = steps[from]!;
  if (typeof value !== 'object' || value === null) return undefined;
  if (step === '*') {
    const children = Array.isArray(value) ? value : Object.values(value);
    return children.map((child) => select(child, steps, from + 1)).filter((v) => v !== undefined);
  }
  if (typeof step === 'number')
    return Array.isArray(value) ? select(value[step], steps, from + 1) : undefined;
  if (Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
  return select((value as Record<string, unknown>)[step], steps, from + 1);
}
