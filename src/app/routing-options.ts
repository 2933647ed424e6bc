import type { RoutingOptions } from '../classify/route-memo.js';
import type { Config } from './config.js';

/** The routing settings of a configuration, as the router takes them. */
export function routingOptionsOf(config: Config): RoutingOptions {
  return {
    policy: config.routingPolicy,
    threshold: config.routeThreshold,
    overrideConfidence: config.overrideConfidence,
    split: config.splitTopics,
  };
}
