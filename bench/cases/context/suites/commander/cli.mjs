// A small deploy CLI built on commander, run by CI as a smoke test: parses a fixed command line and checks the result.
import assert from "node:assert/strict";
import { Argument, Command } from "../index.js";

const program = new Command("deploy")
  .exitOverride()
  .option("--no-color", "disable colour output")
  .option("-e, --env <name>", "target environment", "staging")
  .option("--dry-run", "print the plan only")
  .addArgument(new Argument("<apps...>", "apps to deploy").choices(["web", "api", "worker"]))
  .action((apps, options) => {
    assert.deepEqual(apps, ["web", "api"]);
    assert.deepEqual({ ...options }, { color: false, env: "prod" });
    console.log(`deploy plan: ${apps.join(", ")} -> ${options.env}${options.dryRun ? " (dry run)" : ""}`);
  });

program.parse(process.argv.slice(2), { from: "user" });
