// A multi-literal search (Aho-Corasick as one DFA over UTF-8 bytes): whether a line holds any of a few
// hundred keywords, in one pass and a table lookup per byte. JavaScriptCore's regex engine tries every
// alternative at every position, which made the keyword prefilter the parser's hottest loop.

/** What a line holds: none of the literals, only a hint (a match must still be confirmed), or a word. */
export enum Found {
  None = 0,
  Hint = 1,
  Word = 2,
}

/** Set on a transition that ends a literal, so the scan needs one comparison per byte. */
const ACCEPT = 0x8000;

export class LiteralSet {
  /** `next[state * 256 + byte]`: the state after `byte`, with ACCEPT when a literal ends there. */
  private readonly next: Uint16Array;
  /** Per state, the strongest kind of literal that ends there. */
  private readonly found: Uint8Array;

  /** `words` decide a line; `hints` are literals that every match of some other test holds. */
  constructor(words: string[], hints: string[] = []) {
    const encoder = new TextEncoder();
    const literals: [Uint8Array, Found][] = [
      ...hints.map((hint): [Uint8Array, Found] => [encoder.encode(hint), Found.Hint]),
      ...words.map((word): [Uint8Array, Found] => [encoder.encode(word), Found.Word]),
    ];
    [this.next, this.found] = buildAutomaton(literals);
  }

  /** The strongest literal in `text` (case-sensitive, compared as UTF-8 bytes). */
  search(text: string): Found {
    const { next, found } = this;
    let state = 0;
    let strongest = Found.None;
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
        if (found[state] === Found.Word) return Found.Word;
        strongest = Found.Hint;
      }
    }
    return strongest;
  }
}

function buildAutomaton(literals: [Uint8Array, Found][]): [Uint16Array, Uint8Array] {
  // The trie of all literals, with the kind of the literal that ends at each node.
  const children: Map<number, number>[] = [new Map()];
  const ends: Found[] = [Found.None];
  for (const [bytes, kind] of literals) {
    let node = 0;
    for (const byte of bytes) {
      let child = children[node]!.get(byte);
      if (child === undefined) {
        child = children.push(new Map()) - 1;
        ends.push(Found.None);
        children[node]!.set(byte, child);
      }
      node = child;
    }
    ends[node] = Math.max(ends[node]!, kind);
  }
  if (children.length >= ACCEPT) throw new Error(`too many keyword states (${children.length}) for the literal automaton`);
  // Breadth first: a node's fallback (its longest proper suffix in the trie) is finished before the node,
  // so the node's row starts as a copy of its fallback's and only its own children differ.
  const next = new Uint16Array(children.length * 256);
  const fallback = new Uint32Array(children.length);
  const found = new Uint8Array(children.length);
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    found[node] = node === 0 ? Found.None : Math.max(ends[node]!, found[fallback[node]!]!);
    if (node !== 0) next.copyWithin(node * 256, fallback[node]! * 256, fallback[node]! * 256 + 256);
    for (const [byte, child] of children[node]!) {
      fallback[child] = node === 0 ? 0 : next[fallback[node]! * 256 + byte]!;
      next[node * 256 + byte] = child;
      queue.push(child);
    }
  }
  for (let i = 0; i < next.length; i++) if (found[next[i]!] !== Found.None) next[i] = next[i]! | ACCEPT;
  return [next, found];
}
