// Failure variants of the sample project, stored as data (examples/variants/*.json) so the demo and the
// runner can apply the same edits to their own temp copies.
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A CI step of the sample project's workflow; see ci-job.ts for the commands. */
export type CiStepName = "install" | "typecheck" | "test";

export interface VariantEdit {
  /** Relative to the sample project root. */
  readonly path: string;
  /** Must occur exactly once in the file. */
  readonly search: string;
  readonly replace: string;
}

export interface Variant {
  readonly name: string;
  readonly description: string;
  /** The CI steps the log covers, in order; the job stops at the first that fails. */
  readonly steps: readonly CiStepName[];
  /** Greater than 1 for a flaky failure: the job is re-run until it fails. */
  readonly maxAttempts: number;
  /** What error_parser should conclude, per shared/spec/error-taxonomy.md. */
  readonly expected: { readonly category: string; readonly retryable: boolean };
  readonly edits: readonly VariantEdit[];
}

export async function loadVariants(variantsDir: string): Promise<Variant[]> {
  const files = (await readdir(variantsDir)).filter((file) => file.endsWith(".json")).sort();
  return Promise.all(
    files.map(async (file) => JSON.parse(await readFile(join(variantsDir, file), "utf8")) as Variant),
  );
}

/** Applies the variant's edits to a copy of the sample project; refuses an edit whose search text is not unique. */
export async function applyVariant(projectDir: string, variant: Variant): Promise<void> {
  for (const edit of variant.edits) {
    const file = join(projectDir, edit.path);
    const source = await readFile(file, "utf8");
    const occurrences = source.split(edit.search).length - 1;
    if (occurrences !== 1) {
      throw new Error(
        `variant ${variant.name}: the search text occurs ${occurrences} times in ${edit.path}, expected once; update examples/variants/${variant.name}.json`,
      );
    }
    await writeFile(file, source.replace(edit.search, () => edit.replace));
  }
}
