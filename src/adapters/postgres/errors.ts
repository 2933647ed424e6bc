import { WhisperSyncError } from '../../domain/errors.js';

/**
 * PostgreSQL cannot be reached or refused the connection (down, wrong host or port, unknown database,
 * authentication failed, too many connections, server shutting down). Retrying later may succeed; the
 * message says what was being done and how to check the server. `cause` keeps the driver's error.
 */
export class StoreUnavailableError extends WhisperSyncError {
  override readonly name = 'StoreUnavailableError';
  constructor(
    /** What the adapter was doing, e.g. `saving outcomes`. */
    readonly action: string,
    /** The server, without credentials: `127.0.0.1:5432/test`. */
    readonly server: string,
    options?: { cause?: unknown },
  ) {
    super(
      `PostgreSQL store unavailable while ${action} (${server}): ${reasonOf(options?.cause)}. ` +
        'Check that PostgreSQL is running and the store URL is right ' +
        '(e.g. `pg_isready -h <host> -p <port>`, or `docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16`).',
      options,
    );
  }
}

export const isStoreUnavailableError = (e: unknown): e is StoreUnavailableError =>
  e instanceof StoreUnavailableError;

// Node socket errors a connection attempt or a broken connection raises.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
// SQLSTATEs that mean "no usable connection", not "your SQL is wrong".
const SQLSTATE_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database does not exist
  '28000', // invalid_authorization_specification
  '28P01', // invalid_password
]);
// pg raises these without a code when a connection dies or the pool cannot get one in time.
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
];

/** True when `error` means PostgreSQL could not be used at all (as opposed to a bad statement). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SQLSTATE_UNAVAILABLE.has(code) || code.startsWith('08')) return true;
  }
  // Node wraps several failed addresses (IPv4 and IPv6 for localhost) in one AggregateError.
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return DRIVER_MESSAGES.some((m) => error.message.includes(m));
}

/**
 * The error to throw for a driver error: a {@link StoreUnavailableError} for connection problems, the
 * error itself otherwise (a failing statement is a bug to see as it is, not an outage).
 */
export function translatePgError(error: unknown, action: string, server: string): unknown {
  if (error instanceof WhisperSyncError) return error;
  return isConnectionError(error) ? new StoreUnavailableError(action, server, { cause: error }) : error;
}

function reasonOf(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0)
    return cause.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
  return cause instanceof Error ? cause.message : String(cause);
}
