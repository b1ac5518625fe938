import { describe, expect, it } from 'vitest';
import type { Role } from '../../../contracts/session.js';
import { landingPath } from './landing.js';

describe('landingPath', () => {
  // Written out by hand: the demo users' role sets and where the issue says each role starts.
  it.each<[string, Role[], string]>([
    ['support (sam.support): search and recent orders', ['support'], '/search'],
    ['fulfillment ops (olivia.ops): their team queue', ['support', 'fulfillment_ops'], '/cases?view=team'],
    ['tech ops (theo.tech): the dashboard, where storms show', ['support', 'tech_ops'], '/dashboard'],
    ['supervisor (sara.supervisor): approvals', ['support', 'supervisor'], '/approvals'],
    ['auditor (aud.auditor): the audit log', ['auditor'], '/audit'],
    ['platform owner (paula.platform): catalog and deployments', ['support', 'platform_owner'], '/catalog'],
    ['a supervisor who is also ops: the approvals first', ['fulfillment_ops', 'supervisor'], '/approvals'],
    ['no role at all: search, which every role may use', [], '/search'],
  ])('%s', (_, roles, expected) => {
    expect(landingPath(roles)).toBe(expected);
  });
});
