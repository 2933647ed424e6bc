/** The recordings WhisperSync accepts: what phones and recorders save, and what Whisper servers read. */
export const AUDIO_FORMATS = ['wav', 'mp3', 'm4a', 'ogg', 'flac'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

/** File extensions that mark a memo file as a recording, with their dot. */
export const AUDIO_EXTENSIONS: readonly string[] = AUDIO_FORMATS.map((f) => `.${f}`);

/** Media types sent with an upload, so a server need not guess. */
export const AUDIO_MEDIA_TYPES: Record<AudioFormat, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
};

export function isAudioExtension(ext: string): boolean {
  return AUDIO_EXTENSIONS.includes(ext.toLowerCase());
}

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/**
 * The format the bytes' header names, or `undefined` when they start like none of ours. The header,
 * not the file's extension, decides: a recorder that saves AAC as `.mp3` still uploads as what it is.
 */
export function audioFormatOf(bytes: Uint8Array): AudioFormat | undefined {
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'wav';
  if (ascii(bytes, 0, 'OggS')) return 'ogg';
  if (ascii(bytes, 0, 'fLaC')) return 'flac';
  if (ascii(bytes, 4, 'ftyp')) return 'm4a';
  if (ascii(bytes, 0, 'ID3')) {
    // An ID3v2 tag (its size is four 7-bit bytes) may precede FLAC as well as MP3.
    const size =
      ((bytes[6]! & 0x7f) << 21) |
      ((bytes[7]! & 0x7f) << 14) |
      ((bytes[8]! & 0x7f) << 7) |
      (bytes[9]! & 0x7f);
    return ascii(bytes, 10 + size, 'fLaC') ? 'flac' : 'mp3';
  }
  // An MPEG audio frame starts with 11 set sync bits.
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  return undefined;
}
