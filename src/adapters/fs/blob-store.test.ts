import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobNotFoundError } from '../../domain/errors.js';
import { FileBlobStore } from './blob-store.js';

let dir: string;
let blobs: FileBlobStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-blobs-'));
  blobs = new FileBlobStore(join(dir, 'blobs'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileBlobStore', () => {
  it('stores, finds, overwrites and deletes bytes by key', async () => {
    await blobs.put('audio/a.wav', new Uint8Array([1, 2, 3]));
    expect(await blobs.has('audio/a.wav')).toBe(true);
    expect([...(await blobs.get('audio/a.wav'))]).toEqual([1, 2, 3]);
    await blobs.put('audio/a.wav', new Uint8Array([4]));
    expect([...(await blobs.get('audio/a.wav'))]).toEqual([4]);
    await blobs.delete('audio/a.wav');
    expect(await blobs.has('audio/a.wav')).toBe(false);
    expect(readdirSync(join(dir, 'blobs', 'audio'))).toEqual([]);
  });

  it('says which key is missing', async () => {
    await expect(blobs.get('transcripts/x.txt')).rejects.toThrow(BlobNotFoundError);
    await expect(blobs.get('transcripts/x.txt')).rejects.toThrow('blob not found: transcripts/x.txt');
  });

  it('refuses keys that would leave the blob folder', async () => {
    await expect(blobs.put('../escape.txt', new Uint8Array([1]))).rejects.toThrow(/escapes the blob folder/);
    // An absolute-looking key is still a key inside the folder, never a path on the machine.
    await expect(blobs.get('/etc/passwd')).rejects.toThrow('blob not found: /etc/passwd');
  });
});
