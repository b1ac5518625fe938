/**
 * A service's state as one JSON file. Writes go to a temporary file that is renamed over the old one, so a
 * crash never leaves half a file behind. The services are single-threaded and save synchronously after each
 * change, which keeps the file and the memory copy in step.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class JsonStore<T extends object> {
  readonly data: T;

  constructor(
    readonly file: string,
    initial: () => T,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    // Keys missing from an older file are filled from the initial state.
    this.data = existsSync(file) ? { ...initial(), ...(JSON.parse(readFileSync(file, 'utf8')) as T) } : initial();
    this.save();
  }

  save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}
