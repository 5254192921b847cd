// pflag 1.0.6 (git 2021-06-04) cases (Debian's golang-github-spf13-pflag-dev): POSIX-style command-line flags for Go,
// one flat package with a _test.go beside most files. Its tests trip go 1.19's vet printf check in flag_test.go, so the
// suite runs with -vet=off (the vet check was added to go test after the package's release).
import type { PackageSpec } from "../spec.ts";

const from = "usr/share/gocode/src/github.com/spf13/pflag";
// The package's files sit at the repository's root, as in its upstream repository.
const sources = ["bool.go", "bool_slice.go", "bool_slice_test.go", "bool_test.go", "bytes.go", "bytes_test.go", "count.go", "count_test.go", "duration.go", "duration_slice.go", "duration_slice_test.go", "example_test.go", "export_test.go", "flag.go", "flag_test.go", "float32.go", "float32_slice.go", "float32_slice_test.go", "float64.go", "float64_slice.go", "float64_slice_test.go", "go.mod", "go.sum", "golangflag.go", "golangflag_test.go", "int.go", "int16.go", "int32.go", "int32_slice.go", "int32_slice_test.go", "int64.go", "int64_slice.go", "int64_slice_test.go", "int8.go", "int_slice.go", "int_slice_test.go", "ip.go", "ip_slice.go", "ip_slice_test.go", "ip_test.go", "ipmask.go", "ipnet.go", "ipnet_slice.go", "ipnet_slice_test.go", "ipnet_test.go", "printusage_test.go", "string.go", "string_array.go", "string_array_test.go", "string_slice.go", "string_slice_test.go", "string_to_int.go", "string_to_int64.go", "string_to_int64_test.go", "string_to_int_test.go", "string_to_string.go", "string_to_string_test.go", "uint.go", "uint16.go", "uint32.go", "uint64.go", "uint8.go", "uint_slice.go", "uint_slice_test.go"];

export const pflag: PackageSpec = {
  name: "golang-github-spf13-pflag-dev",
  version: "1.0.6~git20210604-d5e0c0615ace-1",
  source: "apt",
  licence: "BSD-3-Clause",
  slug: "pflag",
  keep: [...sources.map((file) => ({ from: `${from}/${file}`, to: file })), { from: "usr/share/doc/golang-github-spf13-pflag-dev/copyright", to: "LICENSE" }],
  cases: [
    {
      id: "pflag-01",
      title: "count flags add two per occurrence",
      tool: "go-test",
      args: ["-vet=off"],
      edits: [{ file: "count.go", find: "\t\t*i = countValue(*i + 1)", replace: "\t\t*i = countValue(*i + 2)" }],
      expect: "--- FAIL: TestCount",
    },
    {
      id: "pflag-02",
      title: "writeAsCSV keeps the CSV writer's trailing newline; the bool, int and other slice flags that share it break",
      tool: "go-test",
      args: ["-vet=off"],
      edits: [{ file: "string_slice.go", find: '\treturn strings.TrimSuffix(b.String(), "\\n"), nil', replace: "\treturn b.String(), nil" }],
      expect: "--- FAIL: TestBSDefault",
    },
    {
      id: "pflag-03",
      title: "FlagSet.VarPF renamed in flag.go; every typed flag file that registers through it breaks",
      tool: "go-build",
      edits: [{ file: "flag.go", find: "func (f *FlagSet) VarPF(value Value, name, shorthand, usage string) *Flag {", replace: "func (f *FlagSet) AddVarPF(value Value, name, shorthand, usage string) *Flag {" }],
      expect: "VarPF undefined",
    },
    {
      id: "pflag-04",
      title: "IPNet values are parsed without trimming spaces",
      tool: "go-test",
      args: ["-vet=off"],
      edits: [{ file: "ipnet.go", find: "\t_, n, err := net.ParseCIDR(strings.TrimSpace(value))", replace: "\t_, n, err := net.ParseCIDR(value)\n\t_ = strings.TrimSpace" }],
      expect: "--- FAIL",
    },
    {
      id: "pflag-05",
      title: "base64 byte flags decode without padding; padded values fail",
      tool: "go-test",
      args: ["-vet=off"],
      edits: [{ file: "bytes.go", find: "\tbin, err := base64.StdEncoding.DecodeString(strings.TrimSpace(value))", replace: "\tbin, err := base64.RawStdEncoding.DecodeString(strings.TrimSpace(value))" }],
      expect: "--- FAIL: TestBytesBase64",
    },
  ],
};
