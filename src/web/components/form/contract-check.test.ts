import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { loginRequestSchema } from '../../../contracts/session.js';
import { createFreezeRequestSchema } from '../../../contracts/freezes.js';
import { checkForm, isRequired, toCandidate, type FormField } from './contract-check.js';

describe('contract check', () => {
  it('reads required and optional properties from the contract', () => {
    const contract = z.strictObject({ reason: z.string(), comment: z.optional(z.string()) });
    expect([isRequired(contract, 'reason'), isRequired(contract, 'comment'), isRequired(contract, 'unknown')]).toEqual([true, false, false]);
  });

  it('trims text but keeps a password as typed, leaves empty fields out and parses numbers', () => {
    const fields: FormField[] = [{ name: 'username', label: 'Username' }, { name: 'password', label: 'Password', kind: 'password', keepSpaces: true }, { name: 'n', label: 'N', kind: 'number' }, { name: 'empty', label: 'Empty' }];
    expect(toCandidate(fields, { username: ' olivia ', password: ' secret ', n: ' 90 ', empty: '  ' }, { dryRun: false })).toEqual({
      dryRun: false,
      username: 'olivia',
      password: ' secret ',
      n: 90,
    });
  });

  it('says in words what the limits are, with the field label', () => {
    const fields: FormField[] = [
      { name: 'processDefinitionKey', label: 'Process definition key' },
      { name: 'activityId', label: 'Activity id' },
      { name: 'reason', label: 'Reason' },
      { name: 'durationMinutes', label: 'Duration', kind: 'number' },
    ];
    const values = { processDefinitionKey: 'k'.repeat(201), activityId: 'a', reason: 'r', durationMinutes: '20000' };
    expect(checkForm(createFreezeRequestSchema, fields, values)).toEqual({
      ok: false,
      errors: { processDefinitionKey: 'Process definition key may be at most 200 characters.', durationMinutes: 'Duration may be at most 10080.' },
    });
    expect(checkForm(createFreezeRequestSchema, fields, { ...values, processDefinitionKey: 'k', durationMinutes: 'soon' })).toEqual({
      ok: false,
      errors: { durationMinutes: 'Duration must be a number.' },
    });
  });

  it('uses a field\'s own words for missing and invalid values when it has them', () => {
    const fields: FormField[] = [
      { name: 'username', label: 'Username', missing: 'Enter your username.' },
      { name: 'password', label: 'Password', keepSpaces: true, invalid: 'Passwords are at most 200 characters.' },
    ];
    expect(checkForm(loginRequestSchema, fields, { username: ' ', password: 'x'.repeat(201) })).toEqual({
      ok: false,
      errors: { username: 'Enter your username.', password: 'Passwords are at most 200 characters.' },
    });
  });
  it('reads lists line by line (or comma-separated) and pairs as "from -> to", leaving empty lists out', () => {
    const fields: FormField[] = [
      { name: 'scope', label: 'Scope', kind: 'list' },
      { name: 'mapping', label: 'Mapping', kind: 'pairs' },
      { name: 'none', label: 'None', kind: 'list' },
    ];
    expect(toCandidate(fields, { scope: ' a\n\nb, c ', mapping: 'a -> x\nb → y\nc = z', none: ' \n ' })).toEqual({
      scope: ['a', 'b', 'c'],
      mapping: [{ from: 'a', to: 'x' }, { from: 'b', to: 'y' }, { from: 'c', to: 'z' }],
    });
  });

  it('says a malformed pair or a too long list is invalid, not missing', () => {
    const contract = z.strictObject({
      scope: z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(2)),
      mapping: z.optional(z.array(z.strictObject({ from: z.string().check(z.minLength(1)), to: z.string().check(z.minLength(1)) }))),
    });
    const fields: FormField[] = [
      { name: 'scope', label: 'Scope', kind: 'list' },
      { name: 'mapping', label: 'Mapping', kind: 'pairs', invalid: 'Write each mapping as source -> target.' },
    ];
    expect(checkForm(contract, fields, { scope: 'a\nb\nc', mapping: 'a -> ' })).toEqual({
      ok: false,
      errors: { scope: 'Scope may have at most 2 entries.', mapping: 'Write each mapping as source -> target.' },
    });
    expect(checkForm(contract, fields, { scope: '', mapping: '' })).toEqual({ ok: false, errors: { scope: 'Scope is required.' } });
  });
});
