export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Turns a memo file's bytes into text, refusing binary data, invalid UTF-8 and empty transcripts. */
export function decodeMemoText(bytes: Uint8Array): DecodeResult {
  if (looksBinary(bytes)) return { ok: false, reason: 'binary file, not a text transcript' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      ok: false,
      reason: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8`,
    };
  }
  if (text.trim() === '')
    return { ok: false, reason: bytes.length === 0 ? 'empty file' : 'only whitespace, no transcript' };
  return { ok: true, text };
}

// NUL bytes or many control characters in the first 8 KiB: the heuristic git and grep use.
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** Byte offset of the first invalid sequence: where the lenient decoder put its first U+FFFD not present in the file. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  for (let i = lenient.indexOf('\uFFFD'); i !== -1; i = lenient.indexOf('\uFFFD', i + 1)) {
    const offset = Buffer.byteLength(lenient.slice(0, i));
    // A real U+FFFD in the file is the bytes EF BF BD; anything else is the decoder's replacement.
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
  }
  return 0;
}
