// Turns the PostgreSQL failures a user can act on (server down or unreachable, login refused, no such
// database, a lock held too long) into one-line CfoErrors naming the server without its password.
// Anything else (a SQL mistake in cfo's own code) passes through unchanged.

import { CfoError } from "../errors.ts";

/** The driver's terse messages for the commonest cases, said plainly. */
const REASONS: Record<string, string> = {
  ERR_POSTGRES_CONNECTION_REFUSED: "connection refused (is the server running on that host and port?)",
  ERR_POSTGRES_CONNECTION_TIMEOUT: "no answer within the connect timeout",
};

interface DriverError {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
}

/** The server could not be reached at all (down, refused, timed out, shutting down, full): a local fallback makes sense. */
export class ServerUnreachableError extends CfoError {}

/**
 * Failures to reach the server, by the driver's code or the SQLSTATE: "down" when nobody answered (connection
 * refused or lost, shutting down, too many connections), so a local fallback makes sense; "refused" when the
 * server answered no (login, TLS, missing database), which only the user can mend. The first match wins.
 */
const REACH: { verdict: "down" | "refused"; codes: RegExp; states: RegExp }[] = [
  { verdict: "down", codes: /^ERR_POSTGRES_(CONNECTION_(REFUSED|TIMEOUT|CLOSED)|IDLE_TIMEOUT)/, states: /^(08|57P|53300)/ },
  { verdict: "refused", codes: /^ERR_POSTGRES_(CONNECTION|TLS|AUTHENTICATION|UNSUPPORTED_AUTH|SASL)/, states: /^(28|3D)/ },
];

export function serverError(error: unknown, location: string, busyTimeoutMs: number, url: string): unknown {
  if (error instanceof CfoError || !(error instanceof Error)) return error;
  const { code, errno } = error as DriverError;
  const reason = scrub(REASONS[String(code)] ?? firstLine(error.message), url);
  if (errno === "55P03") {
    return new CfoError(`waited beyond ${busyTimeoutMs} ms for a lock at ${location}; raise storage.busyTimeoutMs`, undefined, "storage.url");
  }
  const reach = REACH.find(({ codes, states }) => (typeof code === "string" && codes.test(code)) || (typeof errno === "string" && states.test(errno)));
  if (!reach) return error;
  const message = `cannot use the PostgreSQL store at ${location}: ${reason}; check storage.url (or CFO_DATABASE_URL) and that the server accepts connections`;
  return reach.verdict === "down" ? new ServerUnreachableError(message, undefined, "storage.url") : new CfoError(message, undefined, "storage.url");
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim() || "no reason given";
}

/** The driver's messages do not carry the password today; this keeps it so if one ever does. */
function scrub(text: string, url: string): string {
  let password = "";
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  return password ? text.split(password).join("***") : text;
}
