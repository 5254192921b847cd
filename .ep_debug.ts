import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeLog } from "./scripts/error_parser.ts";
import { loadConfig } from "./scripts/lib/config/load.ts";
const corpus = "/work/shared/corpora/logchunks";
const labels = (await Bun.file(join(corpus, "labels.jsonl")).text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
const work = mkdtempSync(join(tmpdir(), "epd-"));
process.env.CFO_CACHE_DIR = join(work, "cache");
const loaded = await loadConfig({ projectRoot: work });
for (const id of process.argv.slice(2)) {
  const label = labels.find((l: any) => l.id === id);
  const raw = Bun.gunzipSync(new Uint8Array(await Bun.file(join(corpus, label.log_path)).arrayBuffer()));
  const f = join(work, "job.log"); writeFileSync(f, raw);
  const a = await analyzeLog(loaded, { logPath: f, workflowId: id });
  const lines = new TextDecoder().decode(raw).split("\n").map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/\r$/, "").slice(0, 160));
  const cs = label.chunk_start_line, ce = label.chunk_end_line;
  console.log(`===== ${id} chunk ${cs}-${ce} primary ${a.summary.primaryError}`);
  for (const [i, e] of a.errors.entries()) if (i === a.summary.primaryError || Math.abs(e.logLines[0] - cs) < 150 || Math.abs(e.logLines[0]-ce) < 150) console.log(`  ${i === a.summary.primaryError ? "*" : " "} ${e.logLines.join("-")} ${e.patternId} ${e.category} | ${e.message.slice(0, 100)}`);
  const p = a.summary.primaryError === null ? null : a.errors[a.summary.primaryError]!.logLines;
  const lo = Math.max(1, Math.min(cs, p?.[0] ?? cs) - 3), hi = Math.min(lines.length, Math.max(ce, p?.[1] ?? ce) + 3);
  const show = (n: number) => console.log(`${n >= cs && n <= ce ? "C" : " "}${p && n >= p[0] && n <= p[1] ? "P" : " "} ${n}: ${lines[n - 1]}`);
  if (hi - lo < 80) for (let n = lo; n <= hi; n++) show(n);
  else { for (let n = lo; n <= Math.min(hi, lo + 12); n++) show(n); console.log("   ..."); for (let n = Math.max(cs - 5, lo + 31); n <= Math.min(ce + 5, cs + 25); n++) show(n); console.log("   ..."); if (p) for (let n = Math.max(p[0] - 5, 1); n <= Math.min(p[1] + 3, p[0] + 20); n++) show(n); }
}
