import { createHash } from 'node:crypto';

/**
 * A memo's id: the same user, source path and transcript always give the same id, so ingesting
 * a folder twice finds every memo already known. An edited file is a new memo (new content).
 */
export function memoIdOf(userId: string, sourcePath: string, content: string): string {
  return createHash('sha256')
    .update(userId)
    .update('\0')
    .update(sourcePath)
    .update('\0')
    .update(content)
    .digest('hex')
    .slice(0, 32);
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
