import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { BlobNotFoundError, WhisperSyncError } from '../../domain/errors.js';
import type { BlobStore } from '../../ports/blob-store.js';

/** Blobs as files under one folder; writes go through a temp file and a rename, so a crash never leaves half a blob. */
export class FileBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const file = this.fileOf(key);
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${randomUUID()}.tmp`;
    await writeFile(temp, data, { flush: true });
    await rename(temp, file);
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      return await readFile(this.fileOf(key));
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await stat(this.fileOf(key));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  /** Keys are relative paths; one that would leave the root is refused rather than followed. */
  private fileOf(key: string): string {
    const file = resolve(join(this.root, key));
    if (!file.startsWith(this.root + sep))
      throw new WhisperSyncError(`blob key escapes the blob folder: ${key}`);
    return file;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
