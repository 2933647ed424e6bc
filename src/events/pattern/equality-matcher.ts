import type { LeafNode, ObjectNode, Scalar } from './ast.js';
import type { Matcher } from './match.js';

interface Requirement {
  path: string[];
  values: Scalar[];
}

/**
 * A faster matcher for the most common rule shape, a pattern of exact values only
 * (`{"source": ["whispersync"], "detail": {"agent_type": ["memory"], "user_id": ["u-1"]}}`): it walks
 * each path of the event once instead of calling a closure per field. Arrays in the event change what
 * a path means (any element may match, and fields side by side must sit in one element), so on meeting
 * one it hands over to the general matcher, which knows those rules.
 * @returns undefined when the pattern has anything but exact values (or none at all)
 */
export function equalityMatcher(node: ObjectNode, general: Matcher): Matcher | undefined {
  const requirements: Requirement[] = [];
  if (!collect(node, [], requirements) || requirements.length === 0) return undefined;
  return (event) => {
    for (const { path, values } of requirements) {
      let value: unknown = event;
      for (const key of path) {
        if (typeof value !== 'object' || value === null) return false;
        if (Array.isArray(value)) return general(event);
        if (!Object.hasOwn(value, key)) return false;
        value = (value as Record<string, unknown>)[key];
      }
      if (Array.isArray(value)) return general(event);
      if (!values.includes(value as Scalar)) return false;
    }
    return true;
  };
}

/** Adds the pattern's requirements; false when some field is not a plain list of exact values. */
function collect(node: ObjectNode, path: string[], out: Requirement[]): boolean {
  if (node.anyOf !== undefined) return false;
  for (const { key, node: child } of node.fields) {
    if (child.kind === 'object') {
      if (!collect(child, [...path, key], out)) return false;
    } else {
      const values = exactValues(child);
      if (values === undefined) return false;
      out.push({ path: [...path, key], values });
    }
  }
  return true;
}

function exactValues(leaf: LeafNode): Scalar[] | undefined {
  if (leaf.ifPresent || leaf.ifAbsent || leaf.tests.length === 0) return undefined;
  const values: Scalar[] = [];
  for (const test of leaf.tests) {
    if (test.op !== 'exact') return undefined;
    values.push(test.value);
  }
  return values;
}
