import type { ObjectNode, Scalar } from './ast.js';

/** A field that must hold an exact value: the rule can only match events with one of `values` there. */
export interface Requirement {
  path: string[];
  /** `path` as one string, to group requirements on the same path. */
  key: string;
  /** Without duplicates. */
  values: Scalar[];
}

/** What a pattern requires exactly, and whether that is all it asks. */
export interface Requirements {
  /** Fields outside `$or` whose leaf holds only exact values (a `$or` branch's fields are not required). */
  fields: Requirement[];
  /** True when the pattern has no `$or` and nothing but exact values: an event with `fields` matches. */
  onlyExact: boolean;
}

export function requirementsOf(node: ObjectNode): Requirements {
  const fields: Requirement[] = [];
  const onlyExact = collect(node, [], fields);
  return { fields, onlyExact };
}

/** Adds the exact fields of `node` to `out`; false when `node` asks for anything else too. */
function collect(node: ObjectNode, path: string[], out: Requirement[]): boolean {
  let onlyExact = node.anyOf === undefined;
  for (const { key, node: child } of node.fields) {
    const childPath = [...path, key];
    if (child.kind === 'object') {
      onlyExact = collect(child, childPath, out) && onlyExact;
    } else if (!child.ifPresent && !child.ifAbsent && child.tests.every((test) => test.op === 'exact')) {
      const values = [...new Set(child.tests.map((test) => (test.op === 'exact' ? test.value : null)))];
      out.push({ path: childPath, key: JSON.stringify(childPath), values });
    } else {
      onlyExact = false;
    }
  }
  return onlyExact;
}
