// The `runner:` section of the configuration (schemas/config/runner.schema.json).

export type RunnerConfig = Record<string, never>;
