// Behaviour checks of commander's parsing, suggestions, errors and help, run against the sources in lib/.
import { describe, expect, test } from "bun:test";
import { Command, CommanderError } from "../index.js";

function quietProgram(): { program: Command; errors: string[] } {
  const errors: string[] = [];
  const program = new Command("tool")
    .exitOverride()
    .configureOutput({ writeErr: (text) => errors.push(text), writeOut: () => {} });
  return { program, errors };
}

describe("options", () => {
  test("long options become camelCase keys", () => {
    const { program } = quietProgram();
    program.option("--dry-run").option("--max-retries <n>");
    program.parse(["--dry-run", "--max-retries", "3"], { from: "user" });
    expect(program.opts()).toEqual({ dryRun: true, maxRetries: "3" });
  });

  test("option defaults apply, even falsy ones", () => {
    const { program } = quietProgram();
    program.option("--level <n>", "verbosity", 0).option("--name <name>", "who", "world");
    program.parse([], { from: "user" });
    expect(program.opts()).toEqual({ level: 0, name: "world" });
  });

  test("custom option parsers", () => {
    const { program } = quietProgram();
    program.option("-p, --port <port>", "port", (value: string) => Number.parseInt(value, 10));
    program.parse(["-p", "8080"], { from: "user" });
    expect(program.opts().port).toBe(8080);
  });
});

describe("errors", () => {
  test("unknown options suggest a close match", () => {
    const { program, errors } = quietProgram();
    program.option("--dry-run");
    expect(() => program.parse(["--dyr-run"], { from: "user" })).toThrow(CommanderError);
    expect(errors.join("")).toContain("(Did you mean --dry-run?)");
  });

  test("missing arguments carry an exit code", () => {
    const { program } = quietProgram();
    program.argument("<file>").action(() => {});
    try {
      program.parse([], { from: "user" });
      throw new Error("parse should have failed");
    } catch (error) {
      expect(error).toBeInstanceOf(CommanderError);
      expect((error as CommanderError).exitCode).toBe(1);
      expect((error as CommanderError).code).toBe("commander.missingArgument");
    }
  });
});

describe("commands", () => {
  test("subcommands receive their arguments", () => {
    const { program } = quietProgram();
    const seen: unknown[] = [];
    program.command("build").argument("<target>").option("--watch").action((target, options) => {
      seen.push(target, options.watch);
    });
    program.parse(["build", "web", "--watch"], { from: "user" });
    expect(seen).toEqual(["web", true]);
  });

  test("help lists every option", () => {
    const { program } = quietProgram();
    program.option("--dry-run", "print the plan only");
    const help = program.helpInformation();
    expect(help).toContain("--dry-run");
    expect(help).toContain("print the plan only");
  });
});
