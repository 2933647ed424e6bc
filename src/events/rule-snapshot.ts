import type { RuleMatcher } from './pattern/index.js';
import { compileRules } from './pattern/index.js';
import type { EventRule, Target } from './rule.js';
import type { RuleStore } from './rule-store.js';

export interface ActiveTarget {
  rule: EventRule;
  target: Target;
}

/** The enabled rules, compiled, and their targets by id. */
export interface RuleSnapshot {
  rules: EventRule[];
  byName: Map<string, EventRule>;
  matcher: RuleMatcher;
  targets: Map<string, ActiveTarget>;
}

/** Reads the rule store again only when it changed (one cheap query per call). */
export function ruleSnapshots(store: RuleStore): () => RuleSnapshot {
  let version = '';
  let snapshot: RuleSnapshot | undefined;
  return () => {
    const current = store.version();
    if (snapshot && current === version) return snapshot;
    const all = store.list();
    const rules = all.filter((rule) => rule.enabled);
    const targets = new Map<string, ActiveTarget>();
    for (const rule of rules) for (const target of rule.targets) targets.set(target.id, { rule, target });
    snapshot = {
      rules: all,
      byName: new Map(all.map((rule) => [rule.name, rule])),
      matcher: compileRules(rules),
      targets,
    };
    version = current;
    return snapshot;
  };
}
