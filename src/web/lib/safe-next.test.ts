import { describe, expect, it } from 'vitest';
import { loginPathFor, safeNextPath } from './safe-next.js';

const ORIGIN = 'https://workbench.example';

describe('safeNextPath', () => {
  it.each([
    ['/cases/FO-2026-000042', '/cases/FO-2026-000042'],
    ['/cases?status=all', '/cases?status=all'],
    ['/approvals?status=all#top', '/approvals?status=all#top'],
    [null, '/'],
    ['', '/'],
    ['cases', '/'],
    ['//evil.example/steal', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?next=/cases', '/'],
  ])('%s → %s', (next, expected) => {
    expect(safeNextPath(next, ORIGIN)).toBe(expected);
  });
});

describe('loginPathFor', () => {
  it('carries the current address, and nothing for the start page', () => {
    expect(loginPathFor('/cases/FO-1?tab=x')).toBe('/login?next=%2Fcases%2FFO-1%3Ftab%3Dx');
    expect(loginPathFor('/')).toBe('/login');
  });
});
