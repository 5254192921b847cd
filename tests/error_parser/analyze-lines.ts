// The shipped patterns, the extractor and the primary choice run on a log given as text, line by line (no store,
// no scanner): for tests of which error is the cause and which lines each error covers.

import { afterAll, beforeAll } from "bun:test";
import { loadConfig, type LoadedConfig } from "../../scripts/lib/config/load.ts";
import { ErrorClassifier } from "../../scripts/error_parser/classifier.ts";
import { ErrorExtractor } from "../../scripts/error_parser/extract.ts";
import { choosePrimary } from "../../scripts/error_parser/primary.ts";
import { tempDir } from "../helpers/run.ts";

type ErrorSettings = Partial<LoadedConfig["config"]["errors"]>;

/** Loads the default configuration once for the calling test file; returns `analyze(log, settings?)`. */
export function shippedAnalyzer(): (log: string, settings?: ErrorSettings) => ReturnType<typeof analyzeWith> {
  const project = tempDir("cfo-ep-analyze-");
  afterAll(project.cleanup);
  let loaded: LoadedConfig;
  beforeAll(async () => {
    loaded = await loadConfig({ projectRoot: project.path });
  });
  return (log, settings = {}) => analyzeWith(loaded, log, settings);
}

/** Every error's [first, last] log lines, and the primary error. */
function analyzeWith(loaded: LoadedConfig, log: string, settings: ErrorSettings) {
  const extractor = new ErrorExtractor(ErrorClassifier.fromConfig(loaded), { ...loaded.config.errors, ...settings });
  log.split("\n").forEach((text, index) => extractor.push(index + 1, text));
  const { errors, primary } = choosePrimary(extractor.finish());
  return { ranges: errors.map((error) => [error.first, error.last]), primary: primary === null ? null : errors[primary]!, errors };
}

export const lines = (...text: string[]): string => text.join("\n");
