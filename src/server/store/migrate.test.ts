import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate.js';

describe('splitStatements', () => {
  it('keeps function bodies whole and drops comment lines', () => {
    const sql = `-- a table\nCREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION 'no';\nEND;\n$$ LANGUAGE plpgsql;\nCREATE INDEX i ON a (x);`;
    expect(splitStatements(sql)).toEqual([
      'CREATE TABLE a (x int);',
      "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION 'no';\nEND;\n$$ LANGUAGE plpgsql;",
      'CREATE INDEX i ON a (x);',
    ]);
  });
});
