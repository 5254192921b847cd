// The parser's hot loop: the trigger automaton (literals.ts triggerAutomaton, with `\n` among its literals) run
// over a byte range, collecting where each line ends and which groups of triggers it holds (a bit per group).
// A table lookup per byte waits on the one before it, so the range is cut at a line end into two halves scanned
// side by side: the processor overlaps the two chains, about 1.6 times the speed of one (four chains: no faster).

import { ACCEPT } from "./literals.ts";

/** literals.ts triggerAutomaton's answer: transitions, and the trigger groups ending in each state. */
export interface TriggerAutomaton {
  next: Uint16Array;
  kinds: Uint8Array;
}

const NEWLINE = 0x0a;
const STATE = ACCEPT - 1;

/** One stream's findings: line ends (the `\n` offsets) and trigger group bits, plus the state of its unfinished line. */
export class LineEnds {
  ends: Int32Array;
  hits: Uint8Array;
  count = 0;
  state = 0;
  hit = 0;

  constructor(capacity: number) {
    this.ends = new Int32Array(capacity);
    this.hits = new Uint8Array(capacity);
  }

  /** Starts a range at a line start (after a `\n`, the automaton is back at its root). */
  reset(): void {
    this.count = 0;
    this.state = 0;
    this.hit = 0;
  }
}

/**
 * Scans `bytes[from, to)`: `first` continues the unfinished line it holds; when the range holds a line end past
 * its middle, `second` takes the range after that end (and then holds the unfinished line). Returns the stream
 * holding the unfinished line.
 */
export function findLineEnds({ next: table, kinds }: TriggerAutomaton, bytes: Uint8Array, from: number, to: number, first: LineEnds, second: LineEnds): LineEnds {
  first.count = 0;
  const middle = from + ((to - from) >> 1);
  const split = bytes.subarray(0, to).indexOf(NEWLINE, middle) + 1;
  if (split <= 0 || split >= to) {
    scanRun(table, kinds, bytes, from, to, first);
    return first;
  }
  second.reset();
  const common = Math.min(split - from, to - split);
  const { ends: ends1, hits: hits1 } = first;
  const { ends: ends2, hits: hits2 } = second;
  let state1 = first.state;
  let hit1 = first.hit;
  let count1 = 0;
  let state2 = 0;
  let hit2 = 0;
  let count2 = 0;
  for (let i = from, j = split, stop = from + common; i < stop; i++, j++) {
    state1 = table[(state1 << 8) | bytes[i]!]!;
    state2 = table[(state2 << 8) | bytes[j]!]!;
    if (state1 >= ACCEPT) {
      state1 &= STATE;
      if (bytes[i] === NEWLINE) {
        ends1[count1] = i;
        hits1[count1++] = hit1;
        hit1 = 0;
      } else hit1 |= kinds[state1]!;
    }
    if (state2 >= ACCEPT) {
      state2 &= STATE;
      if (bytes[j] === NEWLINE) {
        ends2[count2] = j;
        hits2[count2++] = hit2;
        hit2 = 0;
      } else hit2 |= kinds[state2]!;
    }
  }
  Object.assign(first, { state: state1, hit: hit1, count: count1 });
  Object.assign(second, { state: state2, hit: hit2, count: count2 });
  scanRun(table, kinds, bytes, from + common, split, first);
  scanRun(table, kinds, bytes, split + common, to, second);
  return second;
}

/** One stream over `bytes[from, to)`, appending to what it found so far. */
function scanRun(table: Uint16Array, kinds: Uint8Array, bytes: Uint8Array, from: number, to: number, run: LineEnds): void {
  const { ends, hits } = run;
  let { state, hit, count } = run;
  for (let i = from; i < to; i++) {
    state = table[(state << 8) | bytes[i]!]!;
    if (state < ACCEPT) continue;
    state &= STATE;
    if (bytes[i] === NEWLINE) {
      ends[count] = i;
      hits[count++] = hit;
      hit = 0;
    } else hit |= kinds[state]!;
  }
  run.state = state;
  run.hit = hit;
  run.count = count;
}
