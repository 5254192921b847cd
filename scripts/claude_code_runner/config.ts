// The `runner:` section of the configuration (schemas/config/runner.schema.json).

export interface RunnerConfig {
  model: string;
  maxTurns: number;
  claudePath: string;
  allowedTools: string[];
  bashTimeoutMs: number;
  agentTimeoutMs: number;
  maxContextItems: number;
  maxContextTokens: number;
  analyzeMaxTokens: number;
  runClaudeOnRetryable: boolean;
  keepRunsDays: number;
}
