// Telemetry never breaks the user's build: a failure while recording metrics or feedback is a
// warning and exit 0, unless the caller asked for --strict.

import { CfoError } from "./errors.ts";
import { warn } from "./log.ts";

export async function guardTelemetry(what: string, strict: boolean, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (strict) throw error;
    const reason = error instanceof CfoError ? error.toLine() : error instanceof Error ? error.message : String(error);
    warn(`${what} failed and was skipped (telemetry never fails the build; --strict makes it fatal): ${reason}`);
    return 0;
  }
}
