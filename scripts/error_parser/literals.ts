// A multi-literal search (Aho-Corasick as one DFA over UTF-8 bytes): whether a line holds any of a few
// hundred keywords, in one pass and a table lookup per byte. JavaScriptCore's regex engine tries every
// alternative at every position, which made the keyword prefilter the parser's hottest loop.

/** Set on a transition that ends a literal, so the scan needs one comparison per byte. */
const ACCEPT = 0x8000;

export class LiteralSet {
  /** `next[state * 256 + byte]`: the state after `byte`, with ACCEPT when a literal ends there. */
  private readonly next: Uint16Array;

  constructor(literals: string[]) {
    this.next = buildAutomaton(literals.map((literal) => new TextEncoder().encode(literal)));
  }

  /** True when `text` holds one of the literals (case-sensitive, as UTF-8 bytes). */
  foundIn(text: string): boolean {
    const next = this.next;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      // Non-ASCII code units are fed as their UTF-8 bytes (a lone surrogate as 3 bytes, which no literal holds).
      if (code < 0x80) state = next[(state << 8) | code]!;
      else if (code < 0x800) {
        state = next[(state << 8) | (0xc0 | (code >> 6))]! & ~ACCEPT;
        state = next[(state << 8) | (0x80 | (code & 0x3f))]!;
      } else {
        state = next[(state << 8) | (0xe0 | (code >> 12))]! & ~ACCEPT;
        state = next[(state << 8) | (0x80 | ((code >> 6) & 0x3f))]! & ~ACCEPT;
        state = next[(state << 8) | (0x80 | (code & 0x3f))]!;
      }
      if (state >= ACCEPT) return true;
    }
    return false;
  }
}

function buildAutomaton(literals: Uint8Array[]): Uint16Array {
  // The trie of all literals; `ends` marks nodes where one ends.
  const children: Map<number, number>[] = [new Map()];
  const ends: boolean[] = [false];
  for (const bytes of literals) {
    let node = 0;
    for (const byte of bytes) {
      let child = children[node]!.get(byte);
      if (child === undefined) {
        child = children.push(new Map()) - 1;
        ends.push(false);
        children[node]!.set(byte, child);
      }
      node = child;
    }
    ends[node] = true;
  }
  if (children.length >= ACCEPT) throw new Error(`too many keyword states (${children.length}) for the prefilter automaton`);
  // Breadth first: a node's fallback (longest proper suffix in the trie) is finished before its children.
  const next = new Uint16Array(children.length * 256);
  const fallback = new Uint32Array(children.length);
  const accepts = new Uint8Array(children.length);
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    accepts[node] = ends[node] || (node !== 0 && accepts[fallback[node]!] === 1) ? 1 : 0;
    for (let byte = 0; byte < 256; byte++) {
      const child = children[node]!.get(byte);
      if (child === undefined) {
        next[node * 256 + byte] = node === 0 ? 0 : next[fallback[node]! * 256 + byte]!;
        continue;
      }
      fallback[child] = node === 0 ? 0 : next[fallback[node]! * 256 + byte]!;
      next[node * 256 + byte] = child;
      queue.push(child);
    }
  }
  for (let i = 0; i < next.length; i++) if (accepts[next[i]!] === 1) next[i] = next[i]! | ACCEPT;
  return next;
}
