// Turns a stream of log lines into errors: a matched line opens a block, layout rules grow it over the
// stack trace or detail that follows (and back over a traceback or code excerpt before it), and the same
// message printed again only adds an occurrence. Memory stays flat: only the recent lines are held. Given
// only some lines (scanner.ts), it sees every line that can change its result: see `needsEveryLine`, `triggers`.

import { cleanLine } from "./clean.ts";
import type { ErrorClassifier, LineMatch } from "./classifier.ts";
import { continuation, newBlock, takeLine, type OpenBlock } from "./block.ts";
import { ErrorSet, type ExtractedError } from "./error-set.ts";
import { blockKind, isBlank, isCaretLine, isLocatedWarning } from "./layout.ts";
import { CAUSE_RUN_LINES, WarningRuns } from "./warnings.ts";
import { linesBefore, warningsBefore, type NumberedLine } from "./lookback.ts";
import { LineRing, RECENT_LINES, type RecentLines } from "./recent.ts";
import { StackProof } from "./stack-proof.ts";
import { EVERY_GROUP, SUPERSET } from "./scanner.ts";
import { holdsCommand, holdsSuccess, KEYWORD_GROUP, keywordIn, PROJECT_GROUP, SHAPE_GROUP, SUCCESS_GROUP, triggerGroups } from "./triggers.ts";

export type { ExtractedError };

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
  /** Runs of located warnings (see warnings.ts), for a failure no error explains. */
  warnings: ExtractedError[];
  /** Runs of warnings that name a network or timeout failure, as that failure (see warnings.ts). */
  causeWarnings: ExtractedError[];
  /** Lines where the CI runner announced that it runs a failed command again (see COMMAND_RETRY). */
  retries: number[];
  lines: number;
}

export interface ExtractOptions {
  contextLines: number;
  maxBlockLines: number;
  maxErrors: number;
}

const MAX_MARKED_LINES = 10_000;
const STEP_START = /^(?:\$ \S|Run \S)/;
const NETWORK_WARNING_LINES = 30;
const SYMPTOM_LOOKBACK = 24;
const MAX_SYMPTOMS = 20;
/**
 * A sanitizer's report names its own end (`==PID==ABORTING`) and lists every frame, often more than the block cap
 * allows a guessed block: it is taken whole, up to this many times the cap in case the end never comes.
 */
const SELF_ENDING_REPORT_FACTOR = 4;
/**
 * A CI runner's announcement that it runs a failed command again (Travis's `travis_retry`): the command's output
 * that follows is another attempt at the same thing, not a new failure.
 */
const COMMAND_RETRY = /^The command ".*" failed\. Retrying, \d+ of \d+/;
/** The pattern of a compiler's verdict that it failed on its warnings (config/errors.yaml). */
const WARNINGS_VERDICT = "compiler.werror";
const GITHUB_TIMESTAMP = /^\d{4}-\d\d-\d\dT[\d:.]+Z /;

export class ErrorExtractor {
  private open: OpenBlock | undefined;
  /** A line that would end the open block, held back until the next line says whether it is a code excerpt. */
  private excerpt: NumberedLine | undefined;
  private lastClosed = 0;
  private readonly errors: ErrorSet;
  private readonly symptoms: Symptom[] = [];
  private readonly commands: number[] = [];
  private readonly successes: number[] = [];
  private readonly retries: number[] = [];
  private readonly warnings = new WarningRuns();
  private readonly causeWarnings = new WarningRuns(CAUSE_RUN_LINES);
  private lineCount = 0;
  /** The last retry warning that named a network failure (pip's "Retrying ... connection broken"). */
  private lastNetworkWarning = -Infinity;
  private readonly stackProof: StackProof;

  constructor(
    private readonly classifier: ErrorClassifier,
    private readonly options: ExtractOptions,
    private readonly recent: RecentLines = new LineRing(),
  ) {
    this.errors = new ErrorSet(options.maxErrors);
    this.stackProof = new StackProof(classifier);
    this.triggers = this.listTriggers();
  }

  /**
   * False when the next line may be left out unless it holds a prefilter trigger or a marker: no block is open
   * and the prefilter decides for every pattern. A line left out must still be in `recent`.
   */
  get needsEveryLine(): boolean {
    return this.open !== undefined || this.stackProof.waiting || this.triggers === undefined;
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
    return literals && triggerGroups(literals);
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
    if (this.stackProof.waiting) {
      text = cleanLine(raw);
      this.stackProof.see(line, text, this.open);
    }
    if (this.open) {
      text ??= cleanLine(raw);
      if (this.excerpt ? this.takeExcerpt(this.open, this.excerpt, line, text) : this.extend(this.open, line, text, raw, found)) {
        this.recent.record(line, raw);
        return;
      }
    }
    if (holdsSuccess(raw, found)) this.addBounded(this.successes, line);
    if (holdsCommand(raw, found)) {
      text ??= cleanLine(raw);
      if (STEP_START.test(text)) this.addBounded(this.commands, line);
    }
    const probe = GITHUB_TIMESTAMP.test(raw) ? raw.slice(raw.indexOf(" ") + 1) : raw;
    const keyword = (found & KEYWORD_GROUP) === 0 ? false : (found & SUPERSET) === 0 ? true : undefined;
    if (text === undefined && this.classifier.canSkip(probe, keyword, (found & SHAPE_GROUP) !== 0, (found & PROJECT_GROUP) !== 0)) {
      this.recent.record(line, raw);
      return;
    }
    text ??= cleanLine(raw);
    const match = this.classify(line, text, raw, found);
    if (match?.role === "error") this.openBlock(line, text, match);
    else if (match?.role === "symptom") this.addSymptom(line, text, match);
    else if (match?.role === "warning") this.addWarning(line, text, match);
    this.recent.record(line, raw);
  }

  /** `lines`: the log's line count, when the last lines were not pushed. */
  finish(lines = this.lineCount): Extraction {
    if (this.open) this.close(this.open);
    this.excerpt = undefined;
    return { errors: this.errors.list(), symptoms: this.symptoms, commands: this.commands, successes: this.successes, retries: this.retries, warnings: this.warnings.list(), causeWarnings: this.causeWarnings.list(), lines };
  }

  /** The cleaned line's match (a bare `Error: ` line's waits for its stack: see stack-proof.ts). */
  private classify(line: number, text: string, raw: string, found: number): LineMatch | undefined {
    return this.stackProof.matchOf(line, text, this.classifier.classify(text, line, keywordIn(raw, text, found), (found & SHAPE_GROUP) !== 0));
  }

  /** True when `text` continues the open block (or may: see `excerpt`); closes it otherwise. */
  private extend(block: OpenBlock, line: number, text: string, raw: string, found: number): boolean {
    const match = isBlank(text) ? undefined : this.classify(line, text, raw, found);
    const full = block.last - block.first + 1 >= this.options.maxBlockLines * (block.kind === "sanitizer" ? SELF_ENDING_REPORT_FACTOR : 1);
    const verdict = match?.role === "symptom" || full ? "no" : continuation(block, text, match);
    if (verdict === "no") {
      // Held back one line: it belongs to the block if a caret line follows. A line that matched, or that marks a
      // step or a success, is never an excerpt (and must be read now).
      if (!full && match === undefined && !isBlank(text) && !holdsSuccess(raw, found) && !holdsCommand(raw, found)) {
        this.excerpt = { line, text };
        return true;
      }
      this.close(block);
      return false;
    }
    takeLine(block, line, text, match);
    if (verdict === "last") this.close(block);
    return true;
  }

  /**
   * A compiler prints the source line of an error, then a caret line under it (clang's `#include <libproc.h>`
   * then `         ^~~~~~~~~~~`): the excerpt belongs to the error whatever its indent. Otherwise the block
   * ended before the held line, which, matching nothing, needs nothing more.
   */
  private takeExcerpt(block: OpenBlock, excerpt: NumberedLine, line: number, text: string): boolean {
    this.excerpt = undefined;
    if (!isCaretLine(text)) {
      this.close(block);
      return false;
    }
    takeLine(block, excerpt.line, excerpt.text, undefined);
    takeLine(block, line, text, undefined);
    return true;
  }

  private openBlock(line: number, text: string, match: LineMatch): void {
    const kind = blockKind(text);
    const back = match.patternId === WARNINGS_VERDICT ? warningsBefore(this.sinceLastBlock(line), line) : kind === "plain" ? linesBefore(this.sinceLastBlock(line), line, text) : [];
    const first = back.length ? back[0]!.line : line;
    const context = this.recentLines(first - this.options.contextLines, first, line).map((entry) => entry.text);
    this.open = newBlock(line, text, match, kind, back, context);
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
    this.excerpt = undefined;
    this.lastClosed = block.last;
    if (block.anchorMatch.role === "warning") {
      this.warnings.add(block);
      return;
    }
    // A package that "cannot be found" right after retries that failed on the network is a registry outage.
    if (block.match.category === "dependency" && block.first - this.lastNetworkWarning <= NETWORK_WARNING_LINES) {
      block.match = { ...block.match, category: "network", retry: true };
    }
    this.stackProof.closed(block, this.errors.add(block));
  }

  /** Keeps the later half when a list of line numbers outgrows its cap, so memory stays flat. */
  private addBounded(lines: number[], line: number): void {
    if (lines.length >= MAX_MARKED_LINES) lines.splice(0, lines.length / 2);
    lines.push(line);
  }

  private addWarning(line: number, text: string, match: LineMatch): void {
    const cause = this.classifier.causeNamedBy(text);
    if (cause) this.causeWarnings.addLine(line, text, cause);
    if (cause?.category === "network") this.lastNetworkWarning = line;
    if (COMMAND_RETRY.test(text)) this.addBounded(this.retries, line);
    // A compiler's or linter's warning opens a block like an error (its detail and excerpt follow it).
    else if (isLocatedWarning(text)) this.openBlock(line, text, match);
  }

  private addSymptom(line: number, text: string, match: LineMatch): void {
    if (this.symptoms.length >= MAX_SYMPTOMS) this.symptoms.splice(1, 1);
    this.symptoms.push({ line, match, text: text.trim(), before: this.recentLines(line - SYMPTOM_LOOKBACK, line, line) });
  }
}
