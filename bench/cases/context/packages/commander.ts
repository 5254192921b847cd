// commander@15.1.0 cases: a command-line parser written in plain JavaScript (lib/*.js), exercised by a bun test
// suite and by a small CLI (test/cli.mjs) run with node, whose failures are runtime stack traces.
import type { PackageSpec } from "../spec.ts";

const cli = ["test/cli.mjs", "--env", "prod", "--no-color", "web", "api"];

export const commander: PackageSpec = {
  name: "commander",
  version: "15.1.0",
  licence: "MIT",
  slug: "commander",
  keep: ["index.js", "lib", "typings", "package.json", "package-support.json", "LICENSE", "Readme.md"],
  cases: [
    {
      id: "commander-01",
      title: "camelcase keeps the first letter of later words lower case",
      tool: "bun-test",
      edits: [{ file: "lib/option.js", find: "    return str + word[0].toUpperCase() + word.slice(1);", replace: "    return str + word[0] + word.slice(1);" }],
      expect: "long options become camelCase keys",
    },
    {
      id: "commander-02",
      title: "suggestSimilar keeps the worst candidates instead of the best",
      tool: "bun-test",
      edits: [{ file: "lib/suggestSimilar.js", find: "      if (distance < bestDistance) {", replace: "      if (distance > bestDistance) {" }],
      expect: "unknown options suggest a close match",
    },
    {
      id: "commander-03",
      title: "variadic argument collection calls a missing array method",
      tool: "node",
      args: cli,
      edits: [{ file: "lib/argument.js", find: "    previous.push(value);\n    return previous;", replace: "    previous.append(value);\n    return previous;" }],
      expect: "TypeError",
    },
    {
      id: "commander-04",
      title: "negatable options are detected by a wrong prefix",
      tool: "node",
      args: cli,
      edits: [{ file: "lib/option.js", find: "      this.negate = this.long.startsWith('--no-');", replace: "      this.negate = this.long.startsWith('--not-');" }],
      expect: "AssertionError",
    },
    {
      id: "commander-05",
      title: "CommanderError stores the error code as the exit code",
      tool: "bun-test",
      edits: [{ file: "lib/error.js", find: "    this.exitCode = exitCode;", replace: "    this.exitCode = code;" }],
      expect: "missing arguments carry an exit code",
    },
    {
      id: "commander-06",
      title: "variadic arguments skip their first value (off by one)",
      tool: "node",
      args: cli,
      edits: [{ file: "lib/command.js", find: "          value = this.args.slice(index);", replace: "          value = this.args.slice(index + 1);" }],
      noise: [{ file: "lib/help.js", find: "  padWidth(cmd, helper) {", replace: "  // Widest term across options, commands and arguments, so columns line up.\n  padWidth(cmd, helper) {" }],
      expect: "AssertionError",
    },
    {
      id: "commander-07",
      title: "opts() calls a method plain objects do not have",
      tool: "node",
      args: cli,
      edits: [{ file: "lib/command.js", find: "    return this._optionValues;", replace: "    return this._optionValues.clone();" }],
      expect: "TypeError",
    },
    {
      id: "commander-08",
      title: "falsy option defaults are not applied",
      tool: "bun-test",
      edits: [{ file: "lib/command.js", find: "    if (option.defaultValue !== undefined) {", replace: "    if (option.defaultValue) {" }],
      expect: "option defaults apply, even falsy ones",
    },
  ],
};
