/**
 * A backend URL with its password hidden, for messages and logs. A URL that does not parse still has
 * a `//user:password@` part hidden by pattern, so a typo never prints a secret.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}
