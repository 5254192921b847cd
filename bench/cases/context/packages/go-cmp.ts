// go-cmp 0.5.9 cases (Debian's golang-github-google-go-cmp-dev): Go's value comparison library, several packages
// (cmp, cmp/cmpopts, cmp/internal/*) with their own tests, checked by go build and go test (no dependencies: offline).
import type { PackageSpec } from "../spec.ts";

const from = "usr/share/gocode/src/github.com/google/go-cmp";

export const goCmp: PackageSpec = {
  name: "golang-github-google-go-cmp-dev",
  version: "0.5.9-1",
  source: "apt",
  licence: "BSD-3-Clause",
  slug: "go-cmp",
  keep: [
    { from: `${from}/go.mod`, to: "go.mod" },
    { from: `${from}/cmp`, to: "cmp" },
    { from: "usr/share/doc/golang-github-google-go-cmp-dev/copyright", to: "LICENSE" },
  ],
  cases: [
    {
      id: "go-cmp-01",
      title: "SortKeys orders signed integers descending",
      tool: "go-test",
      edits: [{ file: "cmp/internal/value/sort.go", find: "\t\treturn x.Int() < y.Int()", replace: "\t\treturn x.Int() > y.Int()" }],
      expect: "FAIL\tgithub.com/google/go-cmp/cmp/internal/value",
    },
    {
      id: "go-cmp-02",
      title: "EquateApprox uses the smaller of the absolute and relative margins",
      tool: "go-test",
      edits: [{ file: "cmp/cmpopts/equate.go", find: "\treturn math.Abs(x-y) <= math.Max(a.marg, relMarg)", replace: "\treturn math.Abs(x-y) <= math.Min(a.marg, relMarg)" }],
      expect: "FAIL\tgithub.com/google/go-cmp/cmp/cmpopts",
    },
    {
      id: "go-cmp-03",
      title: "flags.Deterministic renamed; the reporters and diff that read it break",
      tool: "go-build",
      edits: [{ file: "cmp/internal/flags/flags.go", find: "var Deterministic bool", replace: "var Stable bool" }],
      expect: "undefined: flags.Deterministic",
    },
    {
      id: "go-cmp-04",
      title: "function.NameOf gains a qualified flag; callers in compare.go and options.go break",
      tool: "go-build",
      edits: [{ file: "cmp/internal/function/func.go", find: "func NameOf(v reflect.Value) string {", replace: "func NameOf(v reflect.Value, qualified bool) string {\n\t_ = qualified" }],
      expect: "not enough arguments in call to function.NameOf",
    },
    {
      id: "go-cmp-05",
      title: "the diff summary's Sprintf loses its count argument (go test's vet step)",
      tool: "go-test",
      edits: [{ file: "cmp/report_text.go", find: '\t\t\tss = append(ss, fmt.Sprintf("%d %v", n, labels[i]))', replace: '\t\t\tss = append(ss, fmt.Sprintf("%d %v", labels[i]))' }],
      expect: "Sprintf",
    },
    {
      id: "go-cmp-06",
      title: "EditScript.Dist counts identities instead of edits; only a reporter test in cmp notices",
      tool: "go-test",
      edits: [{ file: "cmp/internal/diff/diff.go", find: "func (es EditScript) Dist() int { return len(es) - es.stats().NI }", replace: "func (es EditScript) Dist() int { return es.stats().NI }" }],
      noise: [{ file: "cmp/internal/value/name.go", find: "func TypeString(t reflect.Type, qualified bool) string {", replace: "// TypeString is used by the reporter for every type it prints.\nfunc TypeString(t reflect.Type, qualified bool) string {" }],
      expect: "AllLinesDiffer",
    },
    {
      id: "go-cmp-07",
      title: "compare.go imports a misspelled internal package",
      tool: "go-build",
      edits: [{ file: "cmp/compare.go", find: '\t"github.com/google/go-cmp/cmp/internal/diff"\n', replace: '\t"github.com/google/go-cmp/cmp/internal/diffs"\n' }],
      expect: "internal/diffs",
    },
    {
      id: "go-cmp-08",
      title: "struct field path steps print without their leading dot",
      tool: "go-test",
      edits: [{ file: "cmp/path.go", find: 'func (sf StructField) String() string { return fmt.Sprintf(".%s", sf.name) }', replace: 'func (sf StructField) String() string { return fmt.Sprintf("%s", sf.name) }' }],
      expect: "FAIL\tgithub.com/google/go-cmp/cmp",
    },
  ],
};
