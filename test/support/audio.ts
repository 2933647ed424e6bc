/**
 * A WAV file whose samples are the UTF-8 bytes of `words`: a valid RIFF/WAVE header that any
 * server accepts as a recording, and a payload the fake engine can "hear" back exactly.
 */
export function spokenWav(words: string): Buffer {
  const data = Buffer.from(words, 'utf8');
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(16_000, 24); // sample rate
  header.writeUInt32LE(16_000, 28); // byte rate (8-bit mono)
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** What {@link spokenWav} encoded, or `undefined` for any other file. */
export function wordsIn(wav: Uint8Array): string | undefined {
  const bytes = Buffer.from(wav);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 36, 40) !== 'data')
    return undefined;
  return bytes.subarray(44, 44 + bytes.readUInt32LE(40)).toString('utf8');
}
