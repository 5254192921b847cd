// click 8.1.3 cases (Debian's python3-click): a command-line library in Python, laid out as a repository would
// (src/click/, tests/), checked by a small pytest suite and by mypy.
import type { PackageSpec } from "../spec.ts";
import { pythonProject } from "./python.ts";

export const click: PackageSpec = {
  name: "python3-click",
  version: "8.1.3-2",
  source: "apt",
  licence: "BSD-3-Clause",
  slug: "click",
  keep: [
    { from: "usr/lib/python3/dist-packages/click", to: "src/click" },
    { from: "usr/share/doc/python3-click/copyright", to: "LICENSE" },
  ],
  files: { "pyproject.toml": pythonProject("click", "8.1.3") },
  suiteDir: "tests",
  cases: [
    {
      id: "click-01",
      title: "IntRange describes a closed upper bound as open",
      tool: "pytest",
      edits: [{ file: "src/click/types.py", find: '        rop = "<" if self.max_open else "<="', replace: '        rop = "<" if self.min_open else "<"' }],
      expect: "test_range_rejects_out_of_bounds",
    },
    {
      id: "click-02",
      title: "strip_ansi replaces escape sequences with a space; unstyle (termui.py) and help widths break",
      tool: "pytest",
      edits: [{ file: "src/click/_compat.py", find: '    return _ansi_re.sub("", value)', replace: '    return _ansi_re.sub(" ", value)' }],
      expect: "test_style_and_unstyle_round_trip",
    },
    {
      id: "click-03",
      title: "count options start counting at one",
      tool: "pytest",
      edits: [{ file: "src/click/parser.py", find: "            state.opts[self.dest] = state.opts.get(self.dest, 0) + 1  # type: ignore", replace: "            state.opts[self.dest] = state.opts.get(self.dest, 1) + 1  # type: ignore" }],
      noise: [{ file: "src/click/globals.py", find: "def push_context(", replace: "# The context stack is thread-local: each thread sees its own innermost context.\ndef push_context(" }],
      expect: "test_counting_option_and_variadic_arguments",
    },
    {
      id: "click-04",
      title: "MissingParameter words a missing option as a missing value",
      tool: "pytest",
      edits: [{ file: "src/click/exceptions.py", find: '            missing = _("Missing option")', replace: '            missing = _("Missing value for option")' }],
      expect: "test_missing_required_option",
    },
    {
      id: "click-05",
      title: "Option help shows the default without its colon",
      tool: "pytest",
      edits: [{ file: "src/click/core.py", find: '                extra.append(_("default: {default}").format(default=default_string))', replace: '                extra.append(_("default {default}").format(default=default_string))' }],
      expect: "test_help_shows_defaults_and_docstring",
    },
    {
      id: "click-06",
      title: "term_len renamed in _compat.py; formatting.py and _termui_impl.py still import it",
      tool: "pytest",
      edits: [
        { file: "src/click/_compat.py", find: "def term_len(x: str) -> int:", replace: "def text_len(x: str) -> int:" },
      ],
      expect: "ImportError",
    },
    {
      id: "click-07",
      title: "make_str may return None; resolve_command in core.py no longer type-checks",
      tool: "mypy",
      edits: [{ file: "src/click/utils.py", find: "def make_str(value: t.Any) -> str:", replace: "def make_str(value: t.Any) -> t.Optional[str]:" }],
      expect: "src/click/core.py",
    },
    {
      id: "click-08",
      title: "term_len gains a required ansi flag; every caller breaks",
      tool: "mypy",
      edits: [{ file: "src/click/_compat.py", find: "def term_len(x: str) -> int:\n    return len(strip_ansi(x))", replace: "def term_len(x: str, ansi: bool) -> int:\n    return len(strip_ansi(x) if ansi else x)" }],
      expect: "term_len",
    },
    {
      id: "click-09",
      title: "format_filename turns bytes into their repr instead of decoding them",
      tool: "pytest",
      edits: [{ file: "src/click/utils.py", find: "    return os.fsdecode(filename)\n", replace: "    return str(filename)\n" }],
      expect: "test_format_filename_and_short_help",
    },
    {
      id: "click-10",
      title: "termui.py imports strip_ansi under a misspelled name",
      tool: "mypy",
      edits: [{ file: "src/click/termui.py", find: "from ._compat import strip_ansi", replace: "from ._compat import strip_ansii" }],
      expect: "strip_ansii",
    },
  ],
};
