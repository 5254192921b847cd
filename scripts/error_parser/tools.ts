// Names the tool that printed an error when its pattern does not say (a network errno can come from
// npm, pip or git): by the prefixes and shapes each tool prints.

const TOOL_SIGNS: [string, RegExp][] = [
  ["npm", /^npm (?:ERR!|error|WARN)|\bnpm ci\b|\bnpm install\b/],
  ["yarn", /^(?:error|warning) .*yarn|^\[\d\/\d\] |yarnpkg/],
  ["pnpm", /\bpnpm\b|ERR_PNPM_/],
  ["bun", /^\(fail\) |^bun test|\bbun install\b/],
  ["jest", /^\s*● |^\s*FAIL\s+\S+\.[jt]sx?/],
  ["pip", /^(?:ERROR|WARNING): (?:Could not|No matching|Retrying|Exception)|\bpip\b/],
  ["pytest", /^E\s{2,}|^_{3,} .+ _{3,}$|^FAILED \S+::/],
  ["python", /^Traceback \(most recent call last\)|File ".*", line \d+/],
  ["cargo", /^error\[E\d+\]|^\s*Compiling \S+ v\d|\bcargo\b/],
  ["go", /\.go:\d+|^--- FAIL|^go: /],
  ["gradle", /\bgradle\b|^> Task :|^FAILURE: Build failed/i],
  ["maven", /^\[(?:ERROR|INFO|WARNING)\] |\bmvn\b|maven/],
  ["javac", /\.java:\d+: error:/],
  ["gcc", /\.(?:c|cc|cpp|h|hpp):\d+:\d+: (?:fatal )?error:|collect2|\bld: /],
  ["cmake", /^CMake Error|^-- /],
  ["make", /^g?make(?:\[\d+\])?: /],
  ["docker", /^(?:docker: )?Error response from daemon|^#\d+ \[|\bdocker\b/],
  ["git", /^fatal: |^error: (?:failed to push|pathspec)|\bgit (?:clone|fetch|push|pull)\b/],
  ["apt", /^E: |\bapt(?:-get)?\b|dpkg/],
  ["actions-runner", /Process completed with exit code|##\[error\]|The runner /],
  ["bundler", /\bbundle(?:r)?\b|\bgem\b/],
  ["composer", /\bcomposer\b/],
  ["dotnet", /\berror (?:CS|NU|MSB)\d+|\bdotnet\b/],
  ["node", /^\s+at .*\((?:node:|internal\/)|^node:|\bnode\b/],
  ["curl", /^curl: \(\d+\)/],
  ["wget", /^--\d{4}-\d\d-\d\d .*--  http|^\S+ ERROR \d{3}:/],
];

export function guessTool(lines: string[]): string {
  for (const text of lines.slice(0, 20)) {
    for (const [tool, sign] of TOOL_SIGNS) if (sign.test(text)) return tool;
  }
  return "unknown";
}
