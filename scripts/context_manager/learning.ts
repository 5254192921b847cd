// What feedback_optimizer learned: files that earlier fixes of the same fingerprint or category
// changed. Read only through its exported openFeedbackLearning; a missing or failing feedback store
// costs the signal, never the pack.

import type { LoadedConfig } from "../lib/config/load.ts";
import { warn } from "../lib/log.ts";

interface FeedbackLearning {
  fixedFiles(query: { fingerprints: string[]; categories: string[] }): Promise<LearnedFile[]>;
  close(): void;
}

// A computed specifier: feedback_optimizer is another concern's module, loaded only when needed.
const learnedModule = "../feedback_optimizer/learned.ts";

export interface LearnedFile {
  path: string;
  fixes: number;
  /** The fingerprint whose fixes changed the file; null when learned from the category only. */
  fingerprint: string | null;
}

export async function learnedFixedFiles(loaded: LoadedConfig, query: { fingerprints: string[]; categories: string[] }): Promise<LearnedFile[]> {
  if (query.fingerprints.length === 0 && query.categories.length === 0) return [];
  let learning: FeedbackLearning | undefined;
  try {
    const { openFeedbackLearning } = (await import(learnedModule)) as { openFeedbackLearning: (loaded: LoadedConfig) => Promise<FeedbackLearning> };
    learning = await openFeedbackLearning(loaded);
    return await learning.fixedFiles(query);
  } catch (error) {
    warn(`context: learned fixed files unavailable (${(error as Error).message}); ranking without them`);
    return [];
  } finally {
    learning?.close();
  }
}
