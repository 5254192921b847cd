// Turns a stream of log lines into errors: a matched line opens a block, layout rules grow it over the
// stack trace or detail that follows (and back over a traceback or code excerpt before it), and the same
// message printed again only adds an occurrence. Memory stays flat: only the recent lines are held. Given
// only some lines (scanner.ts), it sees every line that can change its result: see `needsEveryLine`, `triggers`.

import { fingerprint } from "./fingerprint.ts";
import { guessTool } from "./tools.ts";
import { cleanLine } from "./clean.ts";
import { PREFILTER_KEYWORDS, PREFILTER_SHAPE_LITERALS, type ErrorClassifier, type LineMatch } from "./classifier.ts";
import { blockKind, endsSection, endsTraceback, indentOf, isBlank, isCommandLine, isContinuationLine, toolPrefix, type BlockKind } from "./layout.ts";
import { linesBefore, type NumberedLine } from "./lookback.ts";
import { LineRing, RECENT_LINES, type RecentLines } from "./recent.ts";
import { EVERY_GROUP, SUPERSET } from "./scanner.ts";

export interface ExtractedError {
  match: LineMatch;
  message: string;
  fingerprint: string;
  /** First occurrence's block, 1-based inclusive lines of the original file. */
  first: number;
  last: number;
  /** The block's cleaned lines (first occurrence), for locations and excerpts. */
  lines: string[];
  context: string[];
  occurrences: number;
  /** The latest occurrence's block, to find the error nearest the failure. */
  latestFirst: number;
  latestLine: number;
}

export interface Symptom {
  line: number;
  match: LineMatch;
  text: string;
  /** The output just before it, for failures no pattern explains. */
  before: { line: number; text: string }[];
}

export interface Extraction {
  errors: ExtractedError[];
  symptoms: Symptom[];
  /** Lines where the CI runner started a command (`$ npm test`, `##[group]Run npm test`): step boundaries. */
  commands: number[];
  /** Lines that report success (`(pass)`, `✓`, `PASSED`): never part of an error's output. */
  successes: number[];
  lines: number;
}

export interface ExtractOptions {
  contextLines: number;
  maxBlockLines: number;
  maxErrors: number;
}

interface OpenBlock {
  match: LineMatch;
  anchorMatch: LineMatch;
  anchorText: string;
  kind: BlockKind;
  first: number;
  last: number;
  lines: string[];
  context: string[];
  baseIndent: number;
  prefix: string | undefined;
  blanks: number;
  /** Further matched lines of the block (a test name after its assertion): part of its fingerprint. */
  details: string[];
}

const MAX_MARKED_LINES = 10_000;
/** Block texts whose fingerprint is kept: on LogChunks logs 4 blocks in 5 repeat an earlier one's text exactly. */
const FINGERPRINT_MEMO = 1024;
const SUCCESS_MARKS = ["(pass)", "✓", "✔", "√", "PASSED", " PASS ", " ok "];
const COMMAND_MARKS = ["$ ", "##[group]Run "];
/** One search for all the success marks (several `includes` cost more on the many lines that hold none). */
const SUCCESS = new RegExp(SUCCESS_MARKS.map((mark) => mark.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));
const STEP_START = /^(?:\$ \S|Run \S)/;
/** The trigger groups (see `triggers`): a pushed line's `found` bits say which it holds (see scanner.ts SUPERSET). */
const KEYWORD_GROUP = 1;
const SHAPE_GROUP = 2;
const SUCCESS_GROUP = 4;
const COMMAND_GROUP = 8;
const PROJECT_GROUP = 16;
const NETWORK_WARNING_LINES = 30;
const SYMPTOM_LOOKBACK = 24;
const MAX_SYMPTOMS = 20;
const GITHUB_TIMESTAMP = /^\d{4}-\d\d-\d\dT[\d:.]+Z /;

export class ErrorExtractor {
  private open: OpenBlock | undefined;
  private lastClosed = 0;
  private readonly errors = new Map<string, ExtractedError>();
  private readonly symptoms: Symptom[] = [];
  private readonly commands: number[] = [];
  private readonly successes: number[] = [];
  private lineCount = 0;
  /** Fingerprints of recent block texts, so that an error printed again is not masked again. */
  private readonly fingerprints = new Map<string, string>();
  /** The last retry warning that named a network failure (pip's "Retrying ... connection broken"). */
  private lastNetworkWarning = -Infinity;

  constructor(
    private readonly classifier: ErrorClassifier,
    private readonly options: ExtractOptions,
    private readonly recent: RecentLines = new LineRing(),
  ) {
    this.triggers = this.listTriggers();
  }

  /**
   * False when the next line may be left out unless it holds a prefilter trigger or a marker: no block is open
   * and the prefilter decides for every pattern. A line left out must still be in `recent`.
   */
  get needsEveryLine(): boolean {
    return this.open !== undefined || this.triggers === undefined;
  }

  /**
   * The literals (text, or raw bytes) of the lines to give when no block is open, in the groups of the `found`
   * bits of `push`; a scan may fold ASCII case. Undefined when every line must be given (a project pattern
   * without literals).
   */
  readonly triggers: readonly (readonly string[])[] | undefined;

  /** Project patterns' literals join the prefilter's: like its keywords, they are looked for in the raw line. */
  private listTriggers(): string[][] | undefined {
    const literals = this.classifier.unfilteredLiterals;
    return literals && [[...PREFILTER_KEYWORDS], [...PREFILTER_SHAPE_LITERALS], SUCCESS_MARKS, COMMAND_MARKS, [...literals]];
  }

  /** Whether `triggers` are to be looked for in any ASCII case (see scanner.ts LineSink). */
  get foldCase(): boolean {
    return this.classifier.unfilteredAnyCase;
  }

  /** A line holding only success marks (scanner.ts LineSink `mark`) is one to remember, not to read. */
  readonly markGroups = SUCCESS_GROUP;

  mark(line: number, found: number): void {
    this.lineCount = line;
    if ((found & SUCCESS_GROUP) !== 0) this.addBounded(this.successes, line);
  }

  /** `found`: the trigger groups the line holds, as scanner.ts LineSink says (EVERY_GROUP: not known). */
  push(line: number, raw: string, found = EVERY_GROUP): void {
    this.lineCount = line;
    let text: string | undefined;
    if (this.open) {
      text = cleanLine(raw);
      if (this.extend(this.open, line, text, keywordIn(raw, text, found), (found & SHAPE_GROUP) !== 0)) {
        this.recent.record(line, raw);
        return;
      }
    }
    const exact = (found & SUPERSET) === 0;
    if ((found & SUCCESS_GROUP) !== 0 && (exact || SUCCESS.test(raw))) this.addBounded(this.successes, line);
    if ((found & COMMAND_GROUP) !== 0 && (exact || holdsCommandMark(raw))) {
      text ??= cleanLine(raw);
      if (STEP_START.test(text)) this.addBounded(this.commands, line);
    }
    const probe = GITHUB_TIMESTAMP.test(raw) ? raw.slice(raw.indexOf(" ") + 1) : raw;
    const keyword = (found & KEYWORD_GROUP) === 0 ? false : exact ? true : undefined;
    if (text === undefined && this.classifier.canSkip(probe, keyword, (found & SHAPE_GROUP) !== 0, (found & PROJECT_GROUP) !== 0)) {
      this.recent.record(line, raw);
      return;
    }
    text ??= cleanLine(raw);
    const match = this.classifier.classify(text, line, keywordIn(raw, text, found), (found & SHAPE_GROUP) !== 0);
    if (match?.role === "error") this.openBlock(line, text, match);
    else if (match?.role === "symptom") this.addSymptom(line, text, match);
    else if (match?.role === "warning" && this.classifier.isNetworkSign(text)) this.lastNetworkWarning = line;
    this.recent.record(line, raw);
  }

  /** `lines`: the log's line count, when the last lines were not pushed. */
  finish(lines = this.lineCount): Extraction {
    if (this.open) this.close(this.open);
    return { errors: [...this.errors.values()], symptoms: this.symptoms, commands: this.commands, successes: this.successes, lines };
  }

  /** True when `text` continues the open block; closes it otherwise. */
  /** `keyword`, `mayHoldShape`: what the scanner found in the line (see ErrorClassifier.classify). */
  private extend(block: OpenBlock, line: number, text: string, keyword: boolean | undefined, mayHoldShape: boolean): boolean {
    const match = isBlank(text) ? undefined : this.classifier.classify(text, line, keyword, mayHoldShape);
    const verdict = match?.role === "symptom" ? "no" : this.continuation(block, text, match);
    if (verdict === "no" || block.last - block.first + 1 >= this.options.maxBlockLines) {
      this.close(block);
      return false;
    }
    block.lines.push(text);
    if (isBlank(text)) {
      block.blanks++;
    } else {
      block.blanks = 0;
      block.last = line;
      if (match?.role === "error") {
        if (block.details.length < 2) block.details.push(text.trim());
        // A later line of the block can say more precisely what went wrong (an npm `code` line, a cause).
        if (match.rank < block.match.rank && match.category !== "unknown") block.match = { ...match, tool: match.tool === "unknown" ? block.match.tool : match.tool };
      }
    }
    if (verdict === "last") this.close(block);
    return true;
  }

  private continuation(block: OpenBlock, text: string, match: LineMatch | undefined): "yes" | "no" | "last" {
    if (isBlank(text)) return block.blanks < 1 || (block.kind !== "plain" && block.blanks < 3) ? "yes" : "no";
    if (block.kind === "section") return endsSection(text) ? "no" : "yes";
    const indent = indentOf(text);
    if (block.kind === "traceback") {
      if (indent > 0 || isContinuationLine(text)) return "yes";
      return endsTraceback(text) ? "last" : "no";
    }
    if (block.prefix !== undefined && text.startsWith(block.prefix)) return "yes";
    // A tool's closing line for the same failure (bun's `(fail) name` after its assertion detail).
    if (match?.role === "error" && match.category === "test" && match.patternId === block.anchorMatch.patternId && indent === 0 && block.lines.length > 1) return "last";
    if (isContinuationLine(text)) return "yes";
    if (indent > block.baseIndent && !isCommandLine(text.trimStart())) return "yes";
    return "no";
  }

  private openBlock(line: number, text: string, match: LineMatch): void {
    const kind = blockKind(text);
    const back = kind === "plain" ? linesBefore(this.sinceLastBlock(line), line, text) : [];
    const first = back.length ? back[0]!.line : line;
    const context = this.recentLines(first - this.options.contextLines, first, line).map((entry) => entry.text);
    this.open = {
      match,
      anchorMatch: match,
      anchorText: text,
      kind,
      first,
      last: line,
      lines: [...back.map((entry) => entry.text), text],
      context,
      baseIndent: Math.min(indentOf(text), ...back.map((entry) => indentOf(entry.text))),
      prefix: toolPrefix(text),
      blanks: 0,
      details: [],
    };
  }

  /** The recent lines before `line`, nearest first, down to the end of the previous block (cleaned as asked for). */
  private *sinceLastBlock(line: number): Generator<NumberedLine> {
    for (let before = line - 1; before >= line - RECENT_LINES && before > this.lastClosed; before--) {
      const raw = this.recent.get(before);
      if (raw === undefined) return;
      yield { line: before, text: cleanLine(raw) };
    }
  }

  /** The recent lines in [from, to) that are still held when `line` comes, oldest first. */
  private recentLines(from: number, to: number, line: number): NumberedLine[] {
    const lines: NumberedLine[] = [];
    for (let before = Math.max(from, line - RECENT_LINES); before < to; before++) {
      const raw = this.recent.get(before);
      if (raw !== undefined) lines.push({ line: before, text: cleanLine(raw) });
    }
    return lines;
  }

  private close(block: OpenBlock): void {
    this.open = undefined;
    this.lastClosed = block.last;
    // A package that "cannot be found" right after retries that failed on the network is a registry outage.
    if (block.match.category === "dependency" && block.first - this.lastNetworkWarning <= NETWORK_WARNING_LINES) {
      block.match = { ...block.match, category: "network", retry: true };
    }
    const message = block.anchorText.trim().slice(0, 500);
    const key = this.fingerprintOf([message, ...block.details].join("\n"));
    const known = this.errors.get(key);
    if (known) {
      known.occurrences++;
      known.latestFirst = block.first;
      known.latestLine = block.last;
      if (block.match.rank < known.match.rank) known.match = block.match;
      return;
    }
    if (this.errors.size >= this.options.maxErrors) this.evictMiddle();
    // Each line is its own string (the scanner decodes lines one by one), so keeping it keeps no read chunk alive.
    const lines = block.lines.slice(0, block.last - block.first + 1);
    this.errors.set(key, {
      match: block.match.tool === "unknown" ? { ...block.match, tool: guessTool([...block.context.slice(-1), ...lines]) } : block.match,
      message,
      fingerprint: key,
      first: block.first,
      last: block.last,
      lines,
      context: block.context,
      occurrences: 1,
      latestFirst: block.first,
      latestLine: block.last,
    });
  }

  private fingerprintOf(text: string): string {
    let key = this.fingerprints.get(text);
    if (key === undefined) {
      if (this.fingerprints.size >= FINGERPRINT_MEMO) this.fingerprints.clear();
      key = fingerprint(text);
      this.fingerprints.set(text, key);
    }
    return key;
  }

  /**
   * Past the cap, the oldest error after the first half gives way: the first errors and the ones nearest the
   * failure (the log's end) are what a reader needs.
   */
  private evictMiddle(): void {
    const keys = this.errors.keys();
    for (let i = 0; i < Math.floor(this.options.maxErrors / 2); i++) keys.next();
    const middle = keys.next();
    if (!middle.done) this.errors.delete(middle.value);
  }

  /** Keeps the later half when a list of line numbers outgrows its cap, so memory stays flat. */
  private addBounded(lines: number[], line: number): void {
    if (lines.length >= MAX_MARKED_LINES) lines.splice(0, lines.length / 2);
    lines.push(line);
  }

  private addSymptom(line: number, text: string, match: LineMatch): void {
    if (this.symptoms.length >= MAX_SYMPTOMS) this.symptoms.splice(1, 1);
    this.symptoms.push({ line, match, text: text.trim(), before: this.recentLines(line - SYMPTOM_LOOKBACK, line, line) });
  }
}

/** `\s*$` from lastIndex. */
const SPACE_TO_END = /\s*$/y;

/**
 * Whether the cleaned `text` holds a prefilter keyword, from what the scanner found in `raw`; undefined when that
 * does not tell: its findings are a superset, or cleaning did more than trim the end (removing an ANSI code can
 * join a keyword; no keyword or shape literal ends in white space).
 */
function keywordIn(raw: string, text: string, found: number): boolean | undefined {
  if ((found & SUPERSET) !== 0 || !raw.startsWith(text)) return undefined;
  SPACE_TO_END.lastIndex = text.length;
  return SPACE_TO_END.test(raw) ? (found & KEYWORD_GROUP) !== 0 : undefined;
}

/** A loop rather than `some` with a closure: this runs on every line given. */
function holdsCommandMark(raw: string): boolean {
  for (const mark of COMMAND_MARKS) if (raw.includes(mark)) return true;
  return false;
}
