/** Uploads as files under one folder (DATA_DIR): the default, for a single machine or a shared volume. */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { assertKey, StoreUnavailableError, type ObjectStore, type StoredObject } from './object-store.js';

const TYPES: Record<string, string> = { '.webp': 'image/webp', '.png': 'image/png', '.jpg': 'image/jpeg' };

function failed(err: unknown): StoreUnavailableError {
  return new StoreUnavailableError('The upload folder cannot be written or read.', err);
}

export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local';

  constructor(private readonly root: string) {}

  private file(key: string): string {
    assertKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.file(key);
    // Written aside and renamed: a reader never sees half a file.
    const partial = `${file}.${randomBytes(6).toString('hex')}.part`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(partial, bytes);
      await rename(partial, file);
    } catch (err) {
      await rm(partial, { force: true }).catch(() => undefined);
      throw failed(err);
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const file = this.file(key);
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return undefined;
      size = info.size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw failed(err);
    }
    return { body: createReadStream(file), size, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' };
  }

  async delete(key: string): Promise<void> {
    try {
      await rm(this.file(key), { force: true });
    } catch (err) {
      throw failed(err);
    }
  }

  close(): void {}
}
