// A multi-literal search (Aho-Corasick as one DFA over UTF-8 bytes): which of a few hundred literals a
// line holds, in one pass and a table lookup per byte. JavaScriptCore's regex engine tries every
// alternative of a union at every position, which made the keyword prefilter the parser's hottest loop.

/** Set on a transition into a state where a literal ends, so the scan needs one comparison per byte. */
export const ACCEPT = 0x8000;

export class LiteralSet {
  /** `next[state * 256 + byte]`: the state after `byte`, with ACCEPT when a literal ends there. */
  private readonly next: Uint16Array;
  /** The literals ending in state s: `endingIds[endingStart[s] .. endingStart[s + 1]]`. */
  private readonly endingStart: Uint32Array;
  private readonly endingIds: Uint32Array;

  /** `anyCase`: ASCII letters match either case. */
  constructor(literals: string[], { anyCase = false } = {}) {
    [this.next, this.endingStart, this.endingIds] = buildAutomaton(encode(literals, anyCase));
    if (anyCase) foldAsciiCase(this.next);
  }

  /**
   * Calls `visit` with the index of each literal `text` holds (compared as UTF-8 bytes), as their ends are
   * reached, until it returns true; returns whether it did.
   */
  some(text: string, visit: (index: number) => boolean): boolean {
    const { next, endingStart, endingIds } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      // Non-ASCII code units are fed as their UTF-8 bytes (a lone surrogate as 3 bytes, which no literal holds);
      // a literal cannot end inside a character, so only the last byte's transition can accept.
      if (code < 0x80) state = next[(state << 8) | code]!;
      else if (code < 0x800) {
        state = next[(state << 8) | (0xc0 | (code >> 6))]! & ~ACCEPT;
        state = next[(state << 8) | (0x80 | (code & 0x3f))]!;
      } else {
        state = next[(state << 8) | (0xe0 | (code >> 12))]! & ~ACCEPT;
        state = next[(state << 8) | (0x80 | ((code >> 6) & 0x3f))]! & ~ACCEPT;
        state = next[(state << 8) | (0x80 | (code & 0x3f))]!;
      }
      if (state >= ACCEPT) {
        state &= ~ACCEPT;
        for (let k = endingStart[state]!; k < endingStart[state + 1]!; k++) if (visit(endingIds[k]!)) return true;
      }
    }
    return false;
  }
}

/**
 * The transition table of a scan over raw bytes that only asks "does some literal end here?": `next[state * 256 +
 * byte]`, with ACCEPT set when one does, and `kinds[state]`: bit g set when a literal of `groups[g]` ends in that
 * state (at most 8 groups). With `anyCase`, ASCII letters match either case (a superset of the lines a
 * case-sensitive search finds, with one table for all case variants).
 */
export function triggerAutomaton(groups: readonly (readonly string[])[], { anyCase }: { anyCase: boolean }): { next: Uint16Array; kinds: Uint8Array } {
  if (groups.length > 8) throw new Error(`too many literal groups (${groups.length}) for the automaton`);
  const groupOf = groups.flatMap((literals, group) => literals.map(() => group));
  const [next, endingStart, endingIds] = buildAutomaton(encode(groups.flat(), anyCase));
  const kinds = new Uint8Array(endingStart.length - 1);
  for (let state = 0; state < kinds.length; state++) {
    for (let k = endingStart[state]!; k < endingStart[state + 1]!; k++) kinds[state] = kinds[state]! | (1 << groupOf[endingIds[k]!]!);
  }
  return { next: anyCase ? foldAsciiCase(next) : next, kinds };
}

/** The literals' UTF-8 bytes, ASCII letters lowered when the automaton will ignore their case. */
function encode(literals: readonly string[], anyCase: boolean): Uint8Array[] {
  const encoder = new TextEncoder();
  const lower = (bytes: Uint8Array) => bytes.map((byte) => (byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte));
  return literals.map((literal) => (anyCase ? lower(encoder.encode(literal)) : encoder.encode(literal)));
}

/** An upper-case ASCII letter goes where its lower case goes, in every state. */
function foldAsciiCase(next: Uint16Array): Uint16Array {
  for (let row = 0; row < next.length; row += 256) {
    for (let upper = 0x41; upper <= 0x5a; upper++) next[row + upper] = next[row + upper + 0x20]!;
  }
  return next;
}

function buildAutomaton(literals: Uint8Array[]): [Uint16Array, Uint32Array, Uint32Array] {
  // The trie of all literals, with the indexes of the literals that end at each node.
  const children: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  literals.forEach((bytes, index) => {
    let node = 0;
    for (const byte of bytes) {
      let child = children[node]!.get(byte);
      if (child === undefined) {
        child = children.push(new Map()) - 1;
        own.push([]);
        children[node]!.set(byte, child);
      }
      node = child;
    }
    own[node]!.push(index);
  });
  if (children.length >= ACCEPT) throw new Error(`too many literal states (${children.length}) for the automaton`);
  // Breadth first: a node's fallback (its longest proper suffix in the trie) is finished before the node,
  // so the node's row starts as a copy of its fallback's and only its own children differ.
  const next = new Uint16Array(children.length * 256);
  const fallback = new Uint32Array(children.length);
  const ending: number[][] = new Array(children.length);
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    ending[node] = node === 0 ? [] : [...own[node]!, ...ending[fallback[node]!]!];
    if (node !== 0) next.copyWithin(node * 256, fallback[node]! * 256, fallback[node]! * 256 + 256);
    for (const [byte, child] of children[node]!) {
      fallback[child] = node === 0 ? 0 : next[fallback[node]! * 256 + byte]!;
      next[node * 256 + byte] = child;
      queue.push(child);
    }
  }
  for (let i = 0; i < next.length; i++) if (ending[next[i]!]!.length > 0) next[i] = next[i]! | ACCEPT;
  const endingStart = new Uint32Array(children.length + 1);
  for (let state = 0; state < children.length; state++) endingStart[state + 1] = endingStart[state]! + ending[state]!.length;
  return [next, endingStart, Uint32Array.from(ending.flat())];
}
