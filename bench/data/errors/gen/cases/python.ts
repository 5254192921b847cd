// Python, pip and pytest failures from the real interpreter and tools (pip talks only to the loopback index).
import type { Case } from "../types.ts";

const pipInstall = (mode: string) =>
  `pip install --no-cache-dir --retries 2 --timeout 3 --index-url $LOOP/${mode}/simple requests-toolbelt-xyz`;

export const pythonCases: Case[] = [
  {
    id: "gen-python-syntaxerror-001", tool: "python", category: "syntax", retryable: false,
    why: "the script does not parse (SyntaxError)",
    files: { "deploy.py": "def deploy(env)\n    print('deploying to', env)\n\ndeploy('staging')\n" },
    command: "python3 deploy.py", expect: /SyntaxError/,
  },
  {
    id: "gen-python-indentationerror-001", tool: "python", category: "syntax", retryable: false,
    why: "IndentationError: the module does not parse",
    files: { "tasks.py": "def build():\n    print('build')\n      print('done')\n\nbuild()\n" },
    command: "python3 tasks.py", expect: /IndentationError/,
  },
  {
    id: "gen-python-nameerror-001", tool: "python", category: "runtime", retryable: false,
    why: "uncaught NameError while the program runs",
    files: { "report.py": "def summary(results):\n    passed = sum(1 for r in results if r['ok'])\n    return f'{passed}/{len(result)} passed'\n\nprint(summary([{'ok': True}]))\n" },
    command: "python3 report.py", expect: /NameError/,
  },
  {
    id: "gen-python-keyerror-001", tool: "python", category: "runtime", retryable: false,
    why: "uncaught KeyError in the program",
    files: { "settings.py": "import json\nconfig = json.loads('{\"region\": \"eu-west-1\"}')\nprint('bucket:', config['bucket'])\n" },
    command: "python3 settings.py", expect: /KeyError/,
  },
  {
    id: "gen-python-zerodivision-001", tool: "python", category: "runtime", retryable: false,
    why: "ZeroDivisionError raised by the program",
    files: { "stats.py": "def mean(xs):\n    return sum(xs) / len(xs)\n\nprint('mean duration:', mean([]))\n" },
    command: "python3 stats.py", expect: /ZeroDivisionError/,
  },
  {
    id: "gen-python-recursion-001", tool: "python", category: "runtime", retryable: false,
    why: "RecursionError: unbounded recursion in the program",
    files: { "tree.py": "def depth(node):\n    return 1 + depth(node)\n\nprint(depth({}))\n" },
    command: "python3 tree.py", expect: /RecursionError/, max: 20,
  },
  {
    id: "gen-python-modulenotfound-001", tool: "python", category: "dependency", retryable: false,
    why: "ModuleNotFoundError: a required package is not installed",
    files: { "fetch.py": "import requests_toolbelt_missing as rt\nprint(rt.__version__)\n" },
    command: "python3 fetch.py", expect: /ModuleNotFoundError/,
  },
  {
    id: "gen-python-permissionerror-001", tool: "python", category: "permission", retryable: false,
    why: "PermissionError opening a file the user may not read",
    files: { "load.py": "with open('credentials.json') as f:\n    print(len(f.read()))\n", "credentials.json": "{}\n" },
    setup: "chmod 000 credentials.json", user: "nobody",
    command: "python3 load.py", expect: /PermissionError/,
  },
  {
    id: "gen-python-memoryerror-001", tool: "python", category: "system", retryable: false,
    why: "MemoryError under a fixed address-space limit; the job always needs more",
    files: { "load_all.py": "rows = []\nprint('loading dataset')\nblob = bytearray(2 * 1024 * 1024 * 1024)\nprint(len(blob))\n" },
    command: "ulimit -v 500000; python3 load_all.py", expect: /MemoryError/,
  },
  {
    id: "gen-python-connrefused-001", tool: "python", category: "network", retryable: true,
    why: "connection refused by the service (urllib)",
    files: { "health.py": "import urllib.request\nprint(urllib.request.urlopen('http://127.0.0.1:47999/health', timeout=5).status)\n" },
    command: "python3 health.py", expect: /Connection refused/, max: 25,
  },
  {
    id: "gen-python-http503-001", tool: "python", category: "network", retryable: true,
    why: "server answered 503 Service Unavailable",
    files: { "artifacts.py": "import os, urllib.request\nurl = os.environ['LOOP'] + '/503/artifacts/build.zip'\nprint('downloading', url)\nurllib.request.urlopen(url, timeout=5)\n" },
    command: "python3 artifacts.py", expect: /HTTP Error 503/, max: 25,
  },
  {
    id: "gen-python-http429-001", tool: "python", category: "network", retryable: true,
    why: "API rate limit: HTTP 429 Too Many Requests",
    files: { "issues.py": "import os, urllib.request\nurllib.request.urlopen(os.environ['LOOP'] + '/429/repos/acme/app/issues', timeout=5)\n" },
    command: "python3 issues.py", expect: /HTTP Error 429/, max: 25,
  },
  {
    id: "gen-python-http502-001", tool: "python", category: "network", retryable: true,
    why: "upstream answered 502 Bad Gateway",
    files: { "upload.py": "import os, urllib.request\nreq = urllib.request.Request(os.environ['LOOP'] + '/502/upload', data=b'x', method='POST')\nurllib.request.urlopen(req, timeout=5)\n" },
    command: "python3 upload.py", expect: /HTTP Error 502/, max: 25,
  },
  {
    id: "gen-python-http403-001", tool: "python", category: "permission", retryable: false,
    why: "the API refused the credentials: HTTP 403 Forbidden",
    files: { "release.py": "import os, urllib.request\nreq = urllib.request.Request(os.environ['LOOP'] + '/403/repos/acme/app/releases', data=b'{}', method='POST')\nurllib.request.urlopen(req, timeout=5)\n" },
    command: "python3 release.py", expect: /HTTP Error 403/, max: 25,
  },
  {
    id: "gen-python-socket-timeout-001", tool: "python", category: "network", retryable: true,
    why: "the server never answered: read timed out",
    files: { "status.py": "import os, urllib.request\nurllib.request.urlopen(os.environ['LOOP'] + '/hang/status', timeout=2)\n" },
    command: "python3 status.py", expect: /timed out/, max: 25,
  },
  {
    id: "gen-python-unittest-fail-001", tool: "python", category: "test", retryable: false,
    why: "unittest assertion failed",
    files: { "test_money.py": "import unittest\n\ndef to_cents(s):\n    return int(float(s) * 100)\n\nclass MoneyTest(unittest.TestCase):\n    def test_to_cents(self):\n        self.assertEqual(to_cents('19.99'), 1999)\n\nif __name__ == '__main__':\n    unittest.main()\n" },
    command: "python3 -m unittest -v test_money", expect: /AssertionError/, max: 30,
  },
  {
    id: "gen-pytest-assert-001", tool: "pytest", category: "test", retryable: false,
    why: "pytest assertion failed",
    needs: ["pytest"],
    files: { "test_slug.py": "def slugify(s):\n    return s.lower().replace(' ', '-')\n\ndef test_slugify_strips():\n    assert slugify('  Hello World ') == 'hello-world'\n\ndef test_slugify_basic():\n    assert slugify('A B') == 'a-b'\n" },
    command: "pytest -p no:cacheprovider test_slug.py", expect: /1 failed/, max: 40,
  },
  {
    id: "gen-pytest-collect-syntax-001", tool: "pytest", category: "syntax", retryable: false,
    why: "pytest cannot collect a test module that does not parse",
    needs: ["pytest"],
    files: { "test_parse.py": "def test_parse():\n    assert parse('1,2') == [1, 2\n" },
    command: "pytest -p no:cacheprovider test_parse.py", expect: /SyntaxError|error/, max: 40,
  },
  {
    id: "gen-pytest-import-error-001", tool: "pytest", category: "dependency", retryable: false,
    why: "pytest collection fails: the test imports a module that is not installed",
    needs: ["pytest"],
    files: { "test_api.py": "import httpx_not_installed\n\ndef test_get():\n    assert httpx_not_installed\n" },
    command: "pytest -p no:cacheprovider test_api.py", expect: /ModuleNotFoundError/, max: 40,
  },
  {
    id: "gen-pytest-fixture-missing-001", tool: "pytest", category: "test", retryable: false,
    why: "pytest error: the test asks for a fixture that does not exist (deterministic test failure)",
    needs: ["pytest"],
    files: { "test_db.py": "def test_query(db_session):\n    assert db_session.query('select 1')\n" },
    command: "pytest -p no:cacheprovider test_db.py", expect: /fixture 'db_session' not found/, max: 40,
  },
  {
    id: "gen-pip-notfound-001", tool: "pip", category: "dependency", retryable: false,
    why: "the index has no such distribution (answered 404 for the project page)",
    command: pipInstall("404"), expect: /No matching distribution/, max: 20, limit: 60,
  },
  {
    id: "gen-pip-reset-001", tool: "pip", category: "network", retryable: true,
    why: "package index reset the connection",
    command: pipInstall("reset"), expect: /WARNING: Retrying/, max: 20, limit: 60,
  },
  {
    id: "gen-pip-connrefused-001", tool: "pip", category: "network", retryable: true,
    why: "package index refused the connection",
    command: "pip install --no-cache-dir --retries 2 --timeout 3 --index-url http://127.0.0.1:47999/simple requests-toolbelt-xyz",
    expect: /Connection refused|NewConnectionError/, max: 20, limit: 60,
  },
  {
    id: "gen-pip-invalid-requirement-001", tool: "pip", category: "configuration", retryable: false,
    why: "requirements file has an invalid requirement line",
    files: { "requirements.txt": "flask>=2.0\nrequests=2.31.0\n" },
    command: "set -x; pip install --no-cache-dir --index-url $LOOP/404/simple -r requirements.txt", expect: /Invalid requirement/, max: 20, limit: 60,
  },
];
