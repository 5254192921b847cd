// Stable error fingerprints: mask what changes between runs (times, ids, hosts, paths, numbers) and hash the
// rest, in the spirit of Drain's templates and Sentry's grouping, so one failure keeps one id across runs.

import { sha256 } from "../lib/hash.ts";

const VAR = "<*>";

/** CI checkout roots: what follows them is project-relative and stable across machines. */
const WORKSPACE = String.raw`(?:(?:/home|/Users)/(?:runner/work|travis/build)/[^/\s]+/[^/\s]+|/github/workspace|/builds/[^/\s]+/[^/\s]+|/var/lib/jenkins/workspace/[^/\s]+|/home/circleci/[^/\s]+|/drone/src|[A-Za-z]:\\a\\[^\\\s]+\\[^\\\s]+)[/\\]`;

/** Characters that end a path or a value inside a message. */
const STOP = String.raw`\s'"\`,;()\[\]{}<>`;

const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const WEEKDAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";

/** Top-level domains that no common file extension or package segment shares (`main.rs`, `x.cc`, `.env.local`, `Xcode.app`). */
const TLD = "(?:com|net|org|edu|gov|mil|io|info|biz|dev|cloud|asia|xyz|online|br|cn|hk|jp|de|uk|nl|om|mx|eu|ru|fr|au|ca|kr|tw|us|me|tv|es|it|ch|se|no|fi|dk|be|at|cz|ar|za|nz|sg)";

/** A unit after a number makes it a duration, size, rate or share, all of which vary between runs. */
const UNIT = "(?:ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|us|µs|ns|days?|[bB]|bytes?|[kKMGT]i?[bB]|k|%)";

/**
 * One pass over the message. At each position the alternatives are tried left to right, so the specific
 * shapes (a UUID, a path, a timestamp) win over the generic number rule they contain.
 */
const VOLATILE = new RegExp(
  [
    String.raw`(?<workspace>${WORKSPACE})`,
    // Temp dirs hold random names: the whole path is volatile.
    String.raw`(?<temp>(?:/tmp|/var/folders|/private/var/folders|[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp)(?:[/\\][^${STOP}:]*)?)`,
    String.raw`(?<uuid>\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)`,
    // A URL's host differs between mirrors and its query carries tokens; its path names what was fetched.
    String.raw`(?<url>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^${STOP}/?#]+(?<urlPath>/[^${STOP}?#]*)?(?:[?#][^${STOP}]*)?)`,
    // The path of an HTTP request line is its argument, not part of the event.
    String.raw`(?<=\b(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) )(?<request>/[^${STOP}]*)`,
    // Absolute paths: keep the last component, which names the file and survives another checkout dir.
    String.raw`(?<abspath>(?:(?<![\w.~-])/|\b[A-Za-z]:\\)(?:[^${STOP}/\\:]+[/\\])+(?<base>[^${STOP}/\\:]*))`,
    String.raw`(?<date>\b(?:${WEEKDAY},? )?${MONTH} +\d{1,2}\b(?:,? \d{4}\b)?(?: \d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\b)?(?: \d{4}\b)?)`,
    String.raw`(?<isodate>\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b)`,
    String.raw`(?<time>\b\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\b)`,
    String.raw`(?<ipv6>\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b)`,
    // Dotted names ending in a TLD are hosts; quoted ones are modules ('socket.io'), after a slash files (a/notes.org).
    String.raw`(?<host>(?<![\w'"\`/\\.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+${TLD}(?![\w-]|\.\w))`,
    String.raw`(?<hex>\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{7,}\b)`,
    // Generated ids interleave letters and digits (jA9J1UvC004306); names rarely do more than once (TS2322).
    String.raw`(?<mixedId>\b(?=[A-Za-z0-9]{8})(?=[A-Za-z]+\d+[A-Za-z]+\d|\d+[A-Za-z]+\d+[A-Za-z])[A-Za-z0-9]+\b)`,
    // A bracketed name with a digit is an instance (cpu0, eadmin1, node_A8), except an error code (rustc's E0308).
    String.raw`(?<=[\[(])(?<instance>(?![A-Z]{1,5}\d{3,5}[\])])[A-Za-z][\w-]*\d(?=[\])]))`,
    // The value of key=value is data (uid=0, user=root), the key names the field; a flag's value (-Werror=x) is not.
    String.raw`(?<=(?<![\w-])[A-Za-z_][\w.]*=)(?<value><[^\s>]*>|[^${STOP}=][^${STOP}]*)`,
    // A short digit run glued to letters before it (TS2322, E0308, python3, x64) is part of a name; a long one
    // (KB3121255, build20190731) counts something, and so does any other number.
    String.raw`(?<=[A-Za-z])(?<serial>\d{6,})`,
    String.raw`(?<number>(?<![A-Za-z\d])[<>~]?[-+]?\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?(?:[a-zA-Zµ]{1,3}\b| ?${UNIT}\b)?)`,
  ].join("|"),
  "g",
);

/**
 * Neighbouring variables joined only by punctuation are one variable (lists, host:port, a.b.c versions), and so
 * is a variable's gloss in parentheses, present or empty: `12 bytes (1 KB)`, `10.0.0.1 (host.example.com)`, `10.0.0.1 ()`.
 */
const ADJACENT_VARS = /<\*>(?:\s?\((?:<\*>)?\)|[\s,.:;_\/\\|=+*#-]*<\*>)+/g;

function maskVolatile(text: string): string {
  return text.replace(VOLATILE, (...args) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.workspace !== undefined) return "";
    if (groups.abspath !== undefined) return groups.base ? `${VAR}/${maskVolatile(groups.base)}` : VAR;
    if (groups.url !== undefined) return VAR + (groups.urlPath?.split("/").map(maskVolatile).join("/") ?? "");
    return VAR;
  });
}

/** Colour codes go first: the letter ending one would otherwise glue to the number after it (`\x1b[91m03`). */
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The head of a message names the failure; the cap bounds the time spent on a pathological line. */
const MAX_MESSAGE_CHARS = 2000;

/** The message with its volatile parts replaced by `<*>`: readable, and equal for the same failure in any run. */
export function template(message: string): string {
  let head = message.length > MAX_MESSAGE_CHARS ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  if (head.includes("\x1b")) head = head.replace(ANSI, "");
  return wordsWithoutRepeatedVariables(maskVolatile(head).replace(ADJACENT_VARS, VAR));
}

/** Words joined by single spaces; a word with a variable repeated in a row is a list of any length (blk_1 blk_2). */
function wordsWithoutRepeatedVariables(text: string): string {
  const words: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (word !== "" && !(word === words[words.length - 1] && word.includes(VAR))) words.push(word);
  }
  return words.join(" ");
}

/**
 * Fingerprints of recent messages: a failing log repeats its errors, and masking costs far more than a lookup.
 * Bounded, and keys are copied so that a message sliced from a large log chunk does not keep the chunk alive.
 */
const recent = new Map<string, string>();
const RECENT_MAX = 4096;

/** A short stable id for a failure: the first 16 hex digits of the template's sha256. */
export function fingerprint(message: string): string {
  const known = recent.get(message);
  if (known !== undefined) return known;
  const id = sha256(template(message)).slice(0, 16);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(Buffer.from(message).toString(), id);
  return id;
}
