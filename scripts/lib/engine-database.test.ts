import { describe, expect, it } from 'vitest';
import { engineDatabaseFromEnv, pgConfigOf } from './engine-database.js';

describe('engineDatabaseFromEnv', () => {
  it('is H2 (undefined) without ENGINE_DB_URL', () => {
    expect(engineDatabaseFromEnv({})).toBeUndefined();
    expect(engineDatabaseFromEnv({ ENGINE_DB_URL: ' ' })).toBeUndefined();
  });

  it('defaults the PostgreSQL user to postgres with no password, never to H2\'s sa', () => {
    expect(engineDatabaseFromEnv({ ENGINE_DB_URL: 'jdbc:postgresql://127.0.0.1:5432/engine' })).toEqual({
      url: 'jdbc:postgresql://127.0.0.1:5432/engine', user: 'postgres', password: '',
    });
    expect(engineDatabaseFromEnv({ ENGINE_DB_URL: 'jdbc:postgresql://db/engine', ENGINE_DB_USER: 'engine', ENGINE_DB_PASSWORD: 's3cret' })).toMatchObject({ user: 'engine', password: 's3cret' });
  });

  it('refuses a URL that is not PostgreSQL JDBC, naming the variable', () => {
    expect(() => engineDatabaseFromEnv({ ENGINE_DB_URL: 'postgres://127.0.0.1/engine' })).toThrow(/ENGINE_DB_URL must be a PostgreSQL JDBC URL/);
  });
});

describe('pgConfigOf', () => {
  const db = { url: '', user: 'postgres', password: '' };

  it('reads host, port, database and schema from the JDBC URL', () => {
    expect(pgConfigOf({ ...db, url: 'jdbc:postgresql://db.internal:5433/fw_engine?currentSchema=engine&ssl=false' })).toEqual({
      host: 'db.internal', port: 5433, database: 'fw_engine', user: 'postgres', password: '', schema: 'engine',
    });
  });

  it('takes the short forms and lets user and password in the URL win, as the JDBC driver does', () => {
    expect(pgConfigOf({ ...db, url: 'jdbc:postgresql:engine' })).toMatchObject({ host: 'localhost', port: 5432, database: 'engine', schema: null });
    expect(pgConfigOf({ ...db, url: 'jdbc:postgresql://127.0.0.1/engine?user=camunda&password=pw' })).toMatchObject({ user: 'camunda', password: 'pw' });
  });
});
