// attrs 22.2.0 cases (Debian's python3-attr): Python classes without boilerplate, the `attr` package and its `attrs`
// namespace laid out as a repository would (src/attr/, src/attrs/, tests/), checked by a small pytest suite.
import type { PackageSpec } from "../spec.ts";
import { pythonProject } from "./python.ts";

const from = "usr/lib/python3/dist-packages";

export const attrs: PackageSpec = {
  name: "python3-attr",
  version: "22.2.0-1",
  source: "apt",
  licence: "MIT",
  slug: "attrs",
  keep: [
    { from: `${from}/attr`, to: "src/attr" },
    { from: `${from}/attrs`, to: "src/attrs" },
    { from: "usr/share/doc/python3-attr/copyright", to: "LICENSE" },
  ],
  files: { "pyproject.toml": pythonProject("attrs", "22.2.0") },
  suiteDir: "tests",
  cases: [
    {
      id: "attrs-01",
      title: "max_len rejects a value exactly at the limit",
      tool: "pytest",
      edits: [{ file: "src/attr/validators.py", find: "        if len(value) > self.max_length:", replace: "        if len(value) >= self.max_length:" }],
      expect: "test_max_len_allows_the_limit",
    },
    {
      id: "attrs-02",
      title: "filters.exclude keeps the excluded attributes (asdict in _funcs.py shows them)",
      tool: "pytest",
      edits: [{ file: "src/attr/filters.py", find: "        return value.__class__ not in cls and attribute not in attrs", replace: "        return value.__class__ not in cls or attribute not in attrs" }],
      expect: "test_asdict_with_exclude_filter",
    },
    {
      id: "attrs-03",
      title: "converters.optional converts None too",
      tool: "pytest",
      edits: [{ file: "src/attr/converters.py", find: "        if val is None:\n            return None\n        return converter(val)", replace: "        if val is None:\n            return converter(val)\n        return converter(val)" }],
      expect: "TypeError",
    },
    {
      id: "attrs-04",
      title: "evolve keeps the old value only for fields that were changed",
      tool: "pytest",
      edits: [{ file: "src/attr/_funcs.py", find: "        if init_name not in changes:\n            changes[init_name] = getattr(inst, attr_name)", replace: "        if init_name in changes:\n            changes[init_name] = getattr(inst, attr_name)" }],
      noise: [{ file: "src/attr/setters.py", find: "def pipe(*setters):", replace: "# Setters run in the order given; each sees the previous one's result.\ndef pipe(*setters):" }],
      expect: "test_evolve_keeps_unchanged_fields",
    },
    {
      id: "attrs-05",
      title: "define renamed in attr/_next_gen.py; attr/__init__.py still imports it",
      tool: "pytest",
      edits: [
        { file: "src/attr/_next_gen.py", find: "def define(\n", replace: "def define_class(\n" },
        { file: "src/attr/_next_gen.py", find: "mutable = define\nfrozen = partial(define, frozen=True, on_setattr=None)", replace: "mutable = define_class\nfrozen = partial(define_class, frozen=True, on_setattr=None)" },
      ],
      expect: "ImportError",
    },
    {
      id: "attrs-06",
      title: "generated __repr__ separates names and values with a colon",
      tool: "pytest",
      edits: [{ file: "src/attr/_make.py", find: '            "%s={%s!r}" % (name, accessor)', replace: '            "%s: {%s!r}" % (name, accessor)' }],
      expect: "test_repr_lists_fields",
    },
  ],
};
