// The lexical signal: identifiers and words split into terms (camelCase and snake_case parts too),
// stored as 32-bit hashes so the cache never holds file text, and scored with Okapi BM25.

const K1 = 1.2;
const B = 0.75;
const MIN_TERM = 3;
const MAX_TERM = 40;

/** Words too common in code or CI logs to say anything about a failure. */
const STOPWORDS = new Set(
  ("the and for with from that this are was not but has have its into error errors failed failure fail expected received " +
    "const let var function return import export default class new true false null undefined void async await type interface " +
    "public private static string number boolean object any else elif def self none pass print test tests describe should line " +
    "column file files src lib node modules module index dist build run npm yarn bun exit code warning info debug at in of to is")
    .split(" "),
);

export function hashTerm(term: string): number {
  return Bun.hash.crc32(term);
}

/** Terms of a text: each identifier lower-cased, plus its camelCase/snake_case parts. */
export function wordsOf(text: string): string[] {
  return identifierCounts(text).flatMap(([identifier, count]) => termsOfIdentifier(identifier).flatMap((term) => Array<string>(count).fill(term)));
}

export function termCounts(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [identifier, count] of identifierCounts(text)) {
    for (const word of termsOfIdentifier(identifier)) {
      const term = hashTerm(word);
      counts.set(term, (counts.get(term) ?? 0) + count);
    }
  }
  return counts;
}

/** Identifiers repeat a lot in code: split each distinct one once. */
function identifierCounts(text: string): [string, number][] {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/[A-Za-z_$][A-Za-z0-9_$]*/g)) {
    const identifier = match[0];
    if (identifier.length <= MAX_TERM) counts.set(identifier, (counts.get(identifier) ?? 0) + 1);
  }
  return [...counts];
}

function termsOfIdentifier(identifier: string): string[] {
  const terms: string[] = [];
  const whole = identifier.toLowerCase();
  if (whole.length >= MIN_TERM && !STOPWORDS.has(whole)) terms.push(whole);
  const parts = identifier.split(/[_$]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
  if (parts.length < 2) return terms;
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (lower.length >= MIN_TERM && lower !== whole && !STOPWORDS.has(lower)) terms.push(lower);
  }
  return terms;
}

export interface LexicalMatch {
  score: number;
  /** Query words the document contains, best first. */
  matched: string[];
}

/** BM25 of `query` words against each document's hashed term counts. */
export function bm25(query: string[], documents: Map<string, Map<number, number>>): Map<string, LexicalMatch> {
  const words = [...new Set(query)];
  const hashes = words.map(hashTerm);
  const lengths = new Map<string, number>();
  let totalLength = 0;
  for (const [path, terms] of documents) {
    let length = 0;
    for (const count of terms.values()) length += count;
    lengths.set(path, length);
    totalLength += length;
  }
  const averageLength = totalLength / Math.max(1, documents.size);
  const frequency = hashes.map((hash) => [...documents.values()].filter((terms) => terms.has(hash)).length);
  const idf = frequency.map((df) => Math.log(1 + (documents.size - df + 0.5) / (df + 0.5)));
  const results = new Map<string, LexicalMatch>();
  for (const [path, terms] of documents) {
    let score = 0;
    const matched: [string, number][] = [];
    hashes.forEach((hash, i) => {
      const tf = terms.get(hash);
      if (!tf) return;
      const part = (idf[i]! * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths.get(path)!) / averageLength));
      score += part;
      matched.push([words[i]!, part]);
    });
    if (score > 0) results.set(path, { score, matched: matched.sort((a, b) => b[1] - a[1]).map(([word]) => word) });
  }
  return results;
}
