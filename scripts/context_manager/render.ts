// Renders a pack: XML-tagged sections for Claude, markdown for people, JSON for programs. Each
// states the task and the failure first, then the items, then what was left out or shortened.

import { inertJson } from "../lib/github.ts";
import type { ContextPack, PackItem } from "./types.ts";

export type PackFormat = "markdown" | "xml" | "json";

/** The reasons shown with an item in the pack (the full list is in --explain). */
const SHOWN_REASONS = 3;
/** Entries of the left-out list shown in the pack; the rest are counted (all are in --json). */
const SHOWN_OMISSIONS = 20;

export function renderPack(pack: ContextPack, format: PackFormat): string {
  if (format === "json") return inertJson(pack);
  return format === "xml" ? renderXml(pack) : renderMarkdown(pack);
}

/** The pack's JSON without item text: what --json prints. */
export function packSummary(pack: ContextPack): object {
  return { ...pack, items: pack.items.map(({ content: _content, ...item }) => item) };
}

function linesLabel(item: PackItem): string {
  return item.lines?.length ? item.lines.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",") : "";
}

export function itemHeading(item: Pick<PackItem, "path" | "mode" | "reasons" | "score">, format: PackFormat): string {
  const reasons = item.reasons.slice(0, SHOWN_REASONS).join("; ");
  return format === "xml"
    ? `<item path="${attr(item.path)}" mode="${item.mode}" score="${item.score.toFixed(1)}" why="${attr(reasons)}">`
    : `### ${item.path} (${item.mode}, score ${item.score.toFixed(1)})\nWhy: ${reasons}`;
}

function renderMarkdown(pack: ContextPack): string {
  const out: string[] = ["# Context for the fix", ""];
  if (pack.task) out.push(`**Task:** ${pack.task}`, "");
  if (pack.failure) {
    const f = pack.failure;
    out.push(`**Failure:** ${f.category ?? "unknown"} error${f.message ? `: ${f.message}` : ""} (${f.errorCount} errors found)`, "");
    if (f.excerpt) out.push("## Failure excerpt", fenced(f.excerpt, "text"), "");
  }
  out.push(`## Files (${pack.items.length} items, ${pack.totalTokens} of ${pack.budget} tokens)`, "");
  for (const item of pack.items) {
    out.push(itemHeading(item, "markdown"));
    if (item.mode !== "path") out.push(`Lines: ${linesLabel(item)}`, fenced(item.content, languageHint(item.path)));
    out.push("");
  }
  if (pack.omitted.length) {
    out.push("## Left out or shortened (ask for any of these)", "");
    for (const entry of pack.omitted.slice(0, SHOWN_OMISSIONS)) out.push(`- ${entry.path}: ${entry.reason}`);
    if (pack.omitted.length > SHOWN_OMISSIONS) out.push(`- … and ${pack.omitted.length - SHOWN_OMISSIONS} more of lower rank`);
    out.push("");
  }
  return out.join("\n");
}

function renderXml(pack: ContextPack): string {
  const out: string[] = [`<context_pack budget="${pack.budget}" tokens="${pack.totalTokens}">`];
  if (pack.task) out.push(`<task>${text(pack.task)}</task>`);
  if (pack.failure) {
    const f = pack.failure;
    out.push(`<failure category="${attr(f.category ?? "unknown")}" errors="${f.errorCount}">`);
    if (f.message) out.push(`<message>${text(f.message)}</message>`);
    if (f.excerpt) out.push(`<log_excerpt>\n${f.excerpt}\n</log_excerpt>`);
    out.push("</failure>");
  }
  for (const item of pack.items) {
    const heading = itemHeading(item, "xml");
    out.push(item.mode === "path" ? heading.replace(/>$/, " />") : `${heading.replace(/>$/, ` lines="${linesLabel(item)}">`)}\n${item.content.replace(/\n+$/, "")}\n</item>`);
  }
  if (pack.omitted.length) {
    out.push("<left_out>");
    for (const entry of pack.omitted.slice(0, SHOWN_OMISSIONS)) out.push(`<entry path="${attr(entry.path)}">${text(entry.reason)}</entry>`);
    if (pack.omitted.length > SHOWN_OMISSIONS) out.push(`<more count="${pack.omitted.length - SHOWN_OMISSIONS}">of lower rank</more>`);
    out.push("</left_out>");
  }
  out.push("</context_pack>", "");
  return out.join("\n");
}

function fenced(body: string, language: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${body.replace(/\n+$/, "")}\n${fence}`;
}

function languageHint(path: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(path)?.[1] ?? "";
}

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function text(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
