import { describe, expect, it } from 'vitest';
import { AGENT_OF_ROUTE, AGENT_ROUTES } from '../domain/route.js';
import { createAgents } from './registry.js';

describe('createAgents', () => {
  it('has one agent per route, named as the route table says', () => {
    const agents = createAgents();
    for (const route of AGENT_ROUTES) {
      expect(agents[route].route).toBe(route);
      expect(agents[route].name).toBe(AGENT_OF_ROUTE[route]);
    }
  });
});
