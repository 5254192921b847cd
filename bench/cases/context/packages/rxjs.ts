// rxjs@7.8.2 cases: reactive streams and operators, the TypeScript sources shipped under src/.
import { type PackageSpec, processEnv, tsconfigFor } from "../spec.ts";

export const rxjs: PackageSpec = {
  name: "rxjs",
  version: "7.8.2",
  licence: "Apache-2.0",
  slug: "rxjs",
  keep: ["src", "package.json", "LICENSE.txt", "README.md", "CHANGELOG.md"],
  // Checked from the public entry points; the webSocket entry does not type-check against current DOM typings.
  tsconfig: tsconfigFor(["src/index.ts", "src/operators/index.ts", "src/testing/index.ts", "src/ajax/index.ts", "src/fetch/index.ts"]),
  env: processEnv,
  cases: [
    {
      id: "rxjs-01",
      title: "range stops one number early",
      tool: "bun-test",
      edits: [{ file: "src/internal/observable/range.ts", find: "  const end = count + start;", replace: "  const end = count + start - 1;" }],
      expect: "range emits consecutive numbers",
    },
    {
      id: "rxjs-02",
      title: "skip drops one value too many",
      tool: "bun-test",
      edits: [{ file: "src/internal/operators/skip.ts", find: "  return filter((_, index) => count <= index);", replace: "  return filter((_, index) => count < index);" }],
      expect: "map and skip",
    },
    {
      id: "rxjs-03",
      title: "takeLast keeps one value too few",
      tool: "bun-test",
      edits: [{ file: "src/internal/operators/takeLast.ts", find: "              count < buffer.length && buffer.shift();", replace: "              count <= buffer.length && buffer.shift();" }],
      noise: [{ file: "src/internal/operators/takeWhile.ts", find: "export function takeWhile<T>(predicate: BooleanConstructor, inclusive: true): MonoTypeOperatorFunction<T>;", replace: "// Overloads narrow the emitted type when the predicate is a type guard.\nexport function takeWhile<T>(predicate: BooleanConstructor, inclusive: true): MonoTypeOperatorFunction<T>;" }],
      expect: "takeLast keeps the last values",
    },
    {
      id: "rxjs-04",
      title: "bufferCount opens new buffers one value late",
      tool: "bun-test",
      edits: [{ file: "src/internal/operators/bufferCount.ts", find: "          if (count++ % startBufferEvery! === 0) {", replace: "          if (++count % startBufferEvery! === 0) {" }],
      expect: "bufferCount groups values",
    },
    {
      id: "rxjs-05",
      title: "ReplaySubject trims its buffer to one value fewer than asked",
      tool: "bun-test",
      edits: [{ file: "src/internal/ReplaySubject.ts", find: "    const adjustedBufferSize = (_infiniteTimeWindow ? 1 : 2) * _bufferSize;", replace: "    const adjustedBufferSize = (_infiniteTimeWindow ? 1 : 2) * (_bufferSize - 1);" }],
      expect: "ReplaySubject replays its buffer",
    },
    {
      id: "rxjs-06",
      title: "BehaviorSubject calls a misspelled subscriber method (rxjs reports the TypeError asynchronously)",
      tool: "bun-test",
      edits: [{ file: "src/internal/BehaviorSubject.ts", find: "    !subscription.closed && subscriber.next(this._value);", replace: "    !subscription.closed && (subscriber as any).emit(this._value);" }],
      expect: "BehaviorSubject gives new subscribers the current value",
    },
    {
      id: "rxjs-07",
      title: "createOperatorSubscriber renamed; every operator's import breaks",
      tool: "tsc",
      edits: [{ file: "src/internal/operators/OperatorSubscriber.ts", find: "export function createOperatorSubscriber<T>(", replace: "export function operatorSubscriber<T>(" }],
      expect: "createOperatorSubscriber",
    },
    {
      id: "rxjs-08",
      title: "map passes the index where the value belongs",
      tool: "tsc",
      edits: [{ file: "src/internal/operators/map.ts", find: "        subscriber.next(project.call(thisArg, value, index++));", replace: "        subscriber.next(project.call(thisArg, index++, value));" }],
      expect: "src/internal/operators/map.ts",
    },
    {
      id: "rxjs-09",
      title: "isFunction loses its type guard; callers no longer narrow",
      tool: "tsc",
      edits: [{ file: "src/internal/util/isFunction.ts", find: "export function isFunction(value: any): value is (...args: any[]) => any {", replace: "export function isFunction(value: any): boolean {" }],
      expect: "error TS",
    },
    {
      id: "rxjs-10",
      title: "zip imports EMPTY from a module that does not exist",
      tool: "tsc",
      edits: [{ file: "src/internal/observable/zip.ts", find: "import { EMPTY } from './empty';", replace: "import { EMPTY } from './never';" }],
      expect: "src/internal/observable/zip.ts",
    },
    {
      id: "rxjs-11",
      title: "identity returns unknown; pipe and operators that default to it break",
      tool: "tsc",
      edits: [{ file: "src/internal/util/identity.ts", find: "export function identity<T>(x: T): T {", replace: "export function identity<T>(x: T): unknown {" }],
      expect: "error TS",
    },
  ],
};
