import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioFormat } from '../../src/domain/audio.js';
import { skipMissingServices } from './services.js';

const INSTALL = 'apt-get update && apt-get install -y pocketsphinx pocketsphinx-en-us ffmpeg';
const CODECS: Record<AudioFormat, string> = {
  wav: 'pcm_s16le',
  mp3: 'libmp3lame',
  m4a: 'aac',
  ogg: 'libvorbis',
  flac: 'flac',
};

/**
 * True when ffmpeg (with its flite voice) and pocketsphinx with the US English model are installed.
 * When they are not: false with a visible warning, or, with WHISPERSYNC_REQUIRE_SERVICES=1 (CI),
 * an error saying what to install, so the offline transcriber's tests never skip silently there.
 */
export function requireSpeechTools(): boolean {
  const missing = [
    spawnSync('ffmpeg', ['-hide_banner', '-filters']).stdout?.toString().includes('flite')
      ? ''
      : 'ffmpeg (with flite)',
    spawnSync('pocketsphinx_continuous', ['-h']).error ? 'pocketsphinx_continuous' : '',
    existsSync('/usr/share/pocketsphinx/model/en-us/en-us') ? '' : 'pocketsphinx-en-us',
  ].filter(Boolean);
  if (missing.length === 0) return true;
  if (skipMissingServices()) {
    console.warn(`SKIPPED offline transcription suites: missing ${missing.join(', ')}. Install: ${INSTALL}`);
    return false;
  }
  throw new Error(
    `missing ${missing.join(', ')}: ${INSTALL} (or unset WHISPERSYNC_REQUIRE_SERVICES to skip)`,
  );
}

/** `words` spoken by ffmpeg's flite voice, encoded as `format`: real speech a recognizer can hear. */
export function spokenRecording(words: string, format: AudioFormat): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'ws-speech-'));
  try {
    const file = join(dir, `speech.${format}`);
    const quoted = words.replace(/'/g, '');
    execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
      ...['-i', `flite=text='${quoted}':voice=slt`, '-c:a', CODECS[format], file],
    ]);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
