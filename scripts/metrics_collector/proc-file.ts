// A /proc or /sys file kept open and re-read from offset 0 into one reused buffer, with a cursor
// that reads numbers straight from the bytes: a sample costs one pread per file and no strings.

import { openSync, readSync } from "node:fs";

const ZERO = 48;
const NINE = 57;
const DOT = 46;

export class ProcFile {
  private readonly fd: number;
  private buffer: Buffer;
  /** Bytes of the last read; the buffer beyond them holds stale content. */
  private length = 0;
  /** The cursor: where the next search or number starts. */
  pos = 0;

  constructor(path: string, initialBytes = 4096) {
    this.fd = openSync(path, "r");
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Reads the file's current content and puts the cursor at its start. */
  read(): this {
    // A read that fills the buffer may have been cut short: grow and read again.
    while ((this.length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0)) === this.buffer.length) {
      this.buffer = Buffer.allocUnsafe(this.buffer.length * 2);
    }
    this.pos = 0;
    return this;
  }

  /** The content as text (tests compare it with the byte parse). */
  text(): string {
    return this.buffer.toString("latin1", 0, this.length);
  }

  atEnd(): boolean {
    return this.pos >= this.length;
  }

  /** Whether `prefix` (ASCII) starts at the cursor. */
  startsWith(prefix: Buffer): boolean {
    return this.pos + prefix.length <= this.length && this.buffer.compare(prefix, 0, prefix.length, this.pos, this.pos + prefix.length) === 0;
  }

  /** Moves the cursor to the start of `needle` at or after it; false (cursor unmoved) when absent. */
  find(needle: Buffer): boolean {
    const at = this.buffer.indexOf(needle, this.pos);
    if (at < 0 || at + needle.length > this.length) return false;
    this.pos = at;
    return true;
  }

  /** Moves the cursor just past the next `byte` (a char code); false, cursor at the end, when there is none. */
  skipPast(byte: number): boolean {
    const at = this.buffer.indexOf(byte, this.pos);
    const found = at >= 0 && at < this.length;
    this.pos = found ? at + 1 : this.length;
    return found;
  }

  /** The next unsigned integer at or after the cursor, which ends just past it (0 when none is left). */
  uint(): number {
    const { buffer, length } = this;
    let i = this.pos;
    while (i < length && (buffer[i]! < ZERO || buffer[i]! > NINE)) i++;
    let value = 0;
    for (; i < length; i++) {
      const c = buffer[i]!;
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
    }
    this.pos = i;
    return value;
  }

  /** The next unsigned decimal such as "0.27" (a load average). */
  decimal(): number {
    const whole = this.uint();
    if (this.pos >= this.length || this.buffer[this.pos] !== DOT) return whole;
    const start = ++this.pos;
    const fraction = this.uint();
    const scale = 10 ** (this.pos - start);
    return (whole * scale + fraction) / scale; // one rounding, as Number("0.27") does
  }

  /** The char code `offset` bytes after the last `byte` of the content, or -1. */
  afterLast(byte: number, offset: number): number {
    const at = this.buffer.lastIndexOf(byte, this.length - 1);
    return at < 0 || at + offset >= this.length ? -1 : this.buffer[at + offset]!;
  }

  /** Whether the bytes from the cursor (leading spaces skipped) up to `end` (a char code) are `name`; the cursor stays. */
  tokenIs(name: Buffer, end: number): boolean {
    let start = this.pos;
    while (start < this.length && this.buffer[start] === 32) start++;
    const stop = this.buffer.indexOf(end, start);
    return stop - start === name.length && this.buffer.compare(name, 0, name.length, start, stop) === 0;
  }
}

/** Latin-1 bytes of a fixed search string, made once per reader. */
export function bytes(text: string): Buffer {
  return Buffer.from(text, "latin1");
}
