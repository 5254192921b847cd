// The pid/lock file of the background sampler (<cacheRoot>/metrics/sampler.json): who samples,
// for which run, into which spool. Created with O_EXCL so two concurrent --start calls cannot
// both launch a sampler.

import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import type { RunMetadata } from "./run-metadata.ts";

export interface SamplerLock {
  pid: number;
  /** The run's row id in the metrics database --start wrote to (a file name for the spool). */
  run: number;
  /**
   * What identifies the run. --stop finds the run by it again, since its store may not be the one
   * --start wrote to (a shared server that went down meanwhile, or came back).
   */
  meta?: RunMetadata;
  workflowId: string;
  runId: string;
  spool: string;
  startedAt: number;
}

export function readLock(file: string): SamplerLock | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SamplerLock;
  } catch {
    return undefined; // half-written by a crashed --start: treated as stale
  }
}

/** Takes the lock; false when the file already exists. */
export function createLock(file: string): boolean {
  try {
    closeSync(openSync(file, "wx"));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

export function writeLock(file: string, lock: SamplerLock): void {
  const fd = openSync(file, "w");
  try {
    writeSync(fd, JSON.stringify(lock));
  } finally {
    closeSync(fd);
  }
}

/** Removes the lock, only when `pid` still owns it (a newer sampler may have taken it over). */
export function releaseLock(file: string, pid?: number): void {
  if (pid !== undefined && readLock(file)?.pid !== pid) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** A running process; a zombie (exited, not yet reaped by its parent) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return true; // no /proc (macOS, Windows): the signal check is all there is
  }
}
