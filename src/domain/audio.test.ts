import { describe, expect, it } from 'vitest';
import { spokenWav } from '../../test/support/audio.js';
import { audioFormatOf } from './audio.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('audioFormatOf', () => {
  it('names each accepted format by its header', () => {
    expect(audioFormatOf(spokenWav('hello'))).toBe('wav');
    expect(audioFormatOf(bytes('OggS', [0, 2]))).toBe('ogg');
    expect(audioFormatOf(bytes('fLaC', [0, 0, 0, 34]))).toBe('flac');
    expect(audioFormatOf(bytes([0, 0, 0, 32], 'ftypM4A ', [0, 0]))).toBe('m4a');
    expect(audioFormatOf(bytes('ID3', [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb]))).toBe('mp3');
    expect(audioFormatOf(bytes([0xff, 0xfb, 0x90, 0x64]))).toBe('mp3');
  });

  it('looks past an ID3 tag to tell FLAC from MP3', () => {
    // A 3-byte tag body (size 3, as four 7-bit bytes), then FLAC's marker.
    expect(audioFormatOf(bytes('ID3', [4, 0, 0, 0, 0, 0, 3], 'abc', 'fLaC'))).toBe('flac');
  });

  it('refuses bytes that start like no recording', () => {
    expect(audioFormatOf(bytes('just some typed notes'))).toBeUndefined();
    expect(audioFormatOf(bytes('RIFF', [0, 0, 0, 0], 'AVI '))).toBeUndefined();
    expect(audioFormatOf(new Uint8Array())).toBeUndefined();
  });
});
