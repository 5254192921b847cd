// Disk, file-mode, process-limit, git, apt and curl failures from real commands on this machine.
import type { Case } from "../types.ts";

const TINY_DISK = { setup: "mkdir -p disk && mount -t tmpfs -o size=64k tmpfs disk", teardown: "umount disk" };

export const systemCases: Case[] = [
  {
    id: "gen-dd-enospc-001", tool: "bash", category: "system", retryable: false, ...TINY_DISK,
    why: "No space left on device: the artifact is bigger than the disk; same on every run",
    command: "dd if=/dev/zero of=disk/artifact.bin bs=1k count=256", expect: /No space left on device/,
  },
  {
    id: "gen-node-enospc-001", tool: "node", category: "system", retryable: false, ...TINY_DISK,
    why: "ENOSPC writing a build output to a full disk",
    files: { "write.js": "const fs = require('fs');\nconsole.log('writing bundle');\nfs.writeFileSync('disk/bundle.js', 'x'.repeat(512 * 1024));\n" },
    command: "node write.js", expect: /ENOSPC/,
  },
  {
    id: "gen-python-enospc-001", tool: "python", category: "system", retryable: false, ...TINY_DISK,
    why: "OSError Errno 28 No space left on device",
    files: { "dump.py": "print('dumping cache')\nwith open('disk/cache.bin', 'wb') as f:\n    f.write(b'0' * 512 * 1024)\n" },
    command: "python3 dump.py", expect: /No space left on device/,
  },
  {
    id: "gen-bash-permission-denied-001", tool: "bash", category: "permission", retryable: false,
    why: "the script is not executable (Permission denied)",
    files: { "scripts/deploy.sh": "#!/bin/sh\necho deploying\n" },
    setup: "chmod 644 scripts/deploy.sh",
    command: "set -x; echo deploying; ./scripts/deploy.sh", expect: /Permission denied/,
  },
  {
    id: "gen-bash-write-permission-001", tool: "bash", category: "permission", retryable: false,
    why: "the user may not write into the output directory",
    setup: "mkdir -p dist && chmod 555 dist", user: "nobody",
    command: "set -x; echo 'copying assets'; cp /etc/hostname dist/hostname && echo done", expect: /Permission denied/,
  },
  {
    id: "gen-timeout-kill-001", tool: "timeout", category: "timeout", retryable: true,
    why: "the step exceeded its time limit and was killed by timeout(1)",
    command: "set -x; timeout -v 2 bash -c 'echo \"waiting for service on :5432\"; sleep 10'", expect: /sending signal/,
  },
  {
    id: "gen-timeout-kill-002", tool: "timeout", category: "timeout", retryable: true,
    why: "integration step killed after its time limit",
    files: { "wait.py": "import time\nprint('polling job status', flush=True)\nfor i in range(100):\n    print(f'attempt {i}: pending', flush=True)\n    time.sleep(0.5)\n" },
    command: "timeout -v 3 python3 wait.py", expect: /sending signal/,
  },
  {
    id: "gen-curl-503-001", tool: "curl", category: "network", retryable: true,
    why: "download answered 503; curl retried and gave up",
    command: "curl -fsSL --retry 2 --retry-delay 1 -o tool.tgz $LOOP/503/releases/tool.tgz", expect: /503/,
  },
  {
    id: "gen-curl-connrefused-001", tool: "curl", category: "network", retryable: true,
    why: "connection refused while downloading",
    command: "curl -fSL --retry 2 --retry-delay 1 --retry-connrefused -o tool.tgz http://127.0.0.1:47999/tool.tgz", expect: /Failed to connect|Connection refused|Couldn't connect/,
  },
  {
    id: "gen-curl-404-001", tool: "curl", category: "dependency", retryable: false,
    why: "the requested release asset does not exist (404)",
    command: "set -x; mkdir -p downloads; cd downloads; curl -fsSL -o tool.tgz $LOOP/404/releases/v9.9.9/tool.tgz", expect: /404/,
  },
  {
    id: "gen-wget-429-001", tool: "wget", category: "network", retryable: true,
    why: "rate limited: 429 Too Many Requests",
    command: "wget --tries=1 $LOOP/429/data/dataset.csv", expect: /429/, needs: ["wget"],
  },
  {
    id: "gen-wget-timeout-001", tool: "wget", category: "network", retryable: true,
    why: "read timed out waiting for the server",
    command: "wget --tries=2 --timeout=2 $LOOP/hang/data/dataset.csv", expect: /timed out|Read error/i, needs: ["wget"], limit: 60,
  },
  {
    id: "gen-git-unknown-revision-001", tool: "git", category: "configuration", retryable: false,
    why: "the workflow asks for a revision that does not exist in the repository",
    setup: "git init -q repo && git -C repo -c user.name=ci -c user.email=ci@example.com commit -q --allow-empty -m init",
    command: "cd repo && git log --oneline v2.3.0..HEAD", expect: /unknown revision/,
  },
  {
    id: "gen-git-clone-502-001", tool: "git", category: "network", retryable: true,
    why: "git host answered 502 while cloning",
    command: "set -x; git clone $LOOP/502/acme/app.git", expect: /502/,
  },
  {
    id: "gen-git-clone-reset-001", tool: "git", category: "network", retryable: true,
    why: "git host dropped the connection while cloning",
    command: "set -x; git clone $LOOP/reset/acme/app.git", expect: /fatal/,
  },
  {
    id: "gen-git-clone-403-001", tool: "git", category: "permission", retryable: false,
    why: "git host refused access to the repository (403)",
    command: "set -x; git clone $LOOP/403/acme/private.git", expect: /403/,
  },
  {
    id: "gen-git-clone-connrefused-001", tool: "git", category: "network", retryable: true,
    why: "could not connect to the git host",
    command: "set -x; git clone http://127.0.0.1:47999/acme/app.git", expect: /Failed to connect|Couldn't connect/,
  },
  {
    id: "gen-git-merge-conflict-001", tool: "git", category: "unknown", retryable: false,
    why: "a merge conflict stops the job; none of the taxonomy's categories fits",
    setup: "git init -q repo && cd repo && git config user.name ci && git config user.email ci@example.com && printf 'a\\n' > f.txt && git add f.txt && git commit -qm base && git checkout -qb feature && printf 'b\\n' > f.txt && git commit -qam feature && git checkout -q - && printf 'c\\n' > f.txt && git commit -qam main",
    command: "cd repo && git merge feature", expect: /CONFLICT/,
  },
  {
    id: "gen-apt-unable-to-locate-001", tool: "apt", category: "dependency", retryable: false,
    why: "apt has no package of that name",
    command: "apt-get install -y --no-download libfoo-nonexistent-dev", expect: /Unable to locate package/, needs: ["apt-get"],
  },
  {
    id: "gen-apt-lock-permission-001", tool: "apt", category: "permission", retryable: false,
    why: "apt run without root cannot take its lock (Permission denied)",
    user: "nobody",
    command: "set -x; apt-get install -y curl", expect: /Permission denied|are you root/, needs: ["apt-get"],
  },
  {
    id: "gen-apt-update-503-001", tool: "apt", category: "network", retryable: true,
    why: "the package mirror answered 503 during apt-get update",
    files: { "sources.list": "deb [trusted=yes] {{LOOP}}/503/debian bookworm main\n" },
    setup: "mkdir -p lists/partial",
    command: "apt-get -o Dir::Etc::SourceList=$PWD/sources.list -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=$PWD/lists -o Debug::NoLocking=1 -o Acquire::Retries=0 update --error-on=any",
    expect: /503/, needs: ["apt-get"], limit: 60,
  },
  {
    id: "gen-apt-update-connrefused-001", tool: "apt", category: "network", retryable: true,
    why: "could not connect to the package mirror",
    files: { "sources.list": "deb [trusted=yes] http://127.0.0.1:47999/debian bookworm main\n" },
    setup: "mkdir -p lists/partial",
    command: "apt-get -o Dir::Etc::SourceList=$PWD/sources.list -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=$PWD/lists -o Debug::NoLocking=1 -o Acquire::Retries=0 update --error-on=any",
    expect: /Could not connect|Connection refused|Failed to fetch/, needs: ["apt-get"], limit: 60,
  },
  {
    id: "gen-bash-command-not-found-001", tool: "bash", category: "dependency", retryable: false,
    why: "a tool the step needs is not installed (command not found)",
    command: "set -x; node --version; yarnx install --frozen-lockfile", expect: /command not found/,
  },
  {
    id: "gen-bash-unbound-variable-001", tool: "bash", category: "configuration", retryable: false,
    why: "a required environment variable is not set (set -u)",
    command: "set -ux; echo 'deploying build'; echo \"target: $DEPLOY_TARGET\"", expect: /unbound variable/,
  },
  {
    id: "gen-git-diff-exit-code-001", tool: "git", category: "unknown", retryable: false,
    why: "a freshness check (git diff --exit-code) fails by printing a diff; no error names a cause",
    files: { "version.ts": "export const version = '1.0.0';\n" },
    setup: "git init -q repo && cp version.ts repo/ && cd repo && git config user.name ci && git config user.email ci@example.com && git add . && git commit -qm v && sed -i s/1.0.0/1.0.1/ version.ts",
    command: "cd repo && git --no-pager diff --exit-code", expect: /version/,
  },
  {
    id: "gen-make-silent-check-001", tool: "make", category: "unknown", retryable: false,
    why: "a check target fails without printing why; only make's Error line remains",
    files: { "Makefile": "check:\n\t@test -f dist/app.js\n" },
    command: "make -w check", expect: /Error 1/,
  },
  {
    id: "gen-npm-lint-exit-only-001", tool: "npm", category: "unknown", retryable: false,
    why: "the lint script exits 2 without output; npm only reports the exit code",
    files: { "package.json": JSON.stringify({ name: "app", version: "1.0.0", scripts: { lint: "node -e \"process.exit(2)\"" } }, null, 2) },
    command: "npm run lint", expect: /process\.exit\(2\)/, max: 20,
  },
  {
    id: "gen-python-subprocess-timeout-001", tool: "python", category: "timeout", retryable: true,
    why: "a subprocess exceeded its time limit (TimeoutExpired); timeouts are retryable by default",
    files: { "smoke.py": "import subprocess\nprint('starting smoke test server', flush=True)\nsubprocess.run(['sleep', '10'], timeout=1, check=True)\n" },
    command: "python3 smoke.py", expect: /TimeoutExpired/, max: 30,
  },
  {
    id: "gen-python-asyncio-timeout-001", tool: "python", category: "timeout", retryable: true,
    why: "an awaited operation exceeded its time limit (asyncio TimeoutError)",
    files: { "ready.py": "import asyncio\n\nasync def wait_ready():\n    await asyncio.sleep(10)\n\nasync def main():\n    print('waiting for queue to drain', flush=True)\n    await asyncio.wait_for(wait_ready(), timeout=0.5)\n\nasyncio.run(main())\n" },
    command: "python3 ready.py", expect: /TimeoutError/, max: 30,
  },
  {
    id: "gen-node-test-timeout-001", tool: "node", category: "timeout", retryable: true,
    why: "node:test test exceeded its timeout option",
    files: { "queue.test.mjs": "import test from 'node:test';\ntest('drains the queue', { timeout: 300 }, async () => {\n  await new Promise((r) => setTimeout(r, 2000));\n});\n" },
    command: "node --test queue.test.mjs", expect: /timed out|cancelled/, max: 40,
  },
];
