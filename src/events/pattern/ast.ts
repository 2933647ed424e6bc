import type { IpRange } from './cidr.js';
import type { WildcardPattern } from './wildcard.js';

/** A JSON value that can sit at a leaf of an event: what a pattern's match values are compared with. */
export type Scalar = string | number | boolean | null;

/** One match value of a leaf array, after validation. Several in one array are alternatives (OR). */
export type ValueTest =
  | { op: 'exact'; value: Scalar }
  | { op: 'prefix'; value: string; ignoreCase: boolean }
  | { op: 'suffix'; value: string; ignoreCase: boolean }
  | { op: 'equals-ignore-case'; value: string }
  | { op: 'wildcard'; pattern: WildcardPattern }
  | { op: 'numeric'; range: NumericRange }
  | { op: 'cidr'; range: IpRange }
  /** Matches a present leaf value that none of `excluded` matches. */
  | { op: 'anything-but'; excluded: ValueTest[] };

/** An interval of numbers; an open end is ±Infinity. `=` is the interval [n, n]. */
export interface NumericRange {
  lower: number;
  lowerInclusive: boolean;
  upper: number;
  upperInclusive: boolean;
}

/** A field whose pattern is an array of match values: `"state": ["running", {"prefix": "stop"}]`. */
export interface LeafNode {
  kind: 'leaf';
  tests: ValueTest[];
  /** `{"exists": true}` is among the alternatives. */
  ifPresent: boolean;
  /** `{"exists": false}` is among the alternatives. */
  ifAbsent: boolean;
}

/** A pattern object: every field must match (AND), and one branch of `$or` if there is one. */
export interface ObjectNode {
  kind: 'object';
  fields: { key: string; node: LeafNode | ObjectNode }[];
  anyOf: ObjectNode[] | undefined;
}
