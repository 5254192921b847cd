// Behaviour checks of rxjs creation functions, operators and subjects, run against the sources in src/.
import { describe, expect, test } from "bun:test";
import type { Observable } from "../src/internal/Observable";
import { of } from "../src/internal/observable/of";
import { range } from "../src/internal/observable/range";
import { combineLatest } from "../src/internal/observable/combineLatest";
import { map } from "../src/internal/operators/map";
import { skip } from "../src/internal/operators/skip";
import { takeLast } from "../src/internal/operators/takeLast";
import { bufferCount } from "../src/internal/operators/bufferCount";
import { scan } from "../src/internal/operators/scan";
import { distinctUntilChanged } from "../src/internal/operators/distinctUntilChanged";
import { concatMap } from "../src/internal/operators/concatMap";
import { BehaviorSubject } from "../src/internal/BehaviorSubject";
import { ReplaySubject } from "../src/internal/ReplaySubject";
import { lastValueFrom } from "../src/internal/lastValueFrom";

function collect<T>(source: Observable<T>): T[] {
  const values: T[] = [];
  source.subscribe((value) => values.push(value));
  return values;
}

describe("creation", () => {
  test("range emits consecutive numbers", () => {
    expect(collect(range(1, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(collect(range(3))).toEqual([0, 1, 2]);
  });

  test("combineLatest combines the latest values", () => {
    const a = new BehaviorSubject(1);
    const b = new BehaviorSubject("x");
    const seen = collect(combineLatest([a, b]));
    a.next(2);
    b.next("y");
    expect(seen).toEqual([[1, "x"], [2, "x"], [2, "y"]]);
  });
});

describe("operators", () => {
  test("map and skip", () => {
    expect(collect(of(1, 2, 3, 4, 5).pipe(skip(2), map((n) => n * 10)))).toEqual([30, 40, 50]);
  });

  test("takeLast keeps the last values", () => {
    expect(collect(range(1, 10).pipe(takeLast(3)))).toEqual([8, 9, 10]);
  });

  test("bufferCount groups values", () => {
    expect(collect(range(1, 5).pipe(bufferCount(2)))).toEqual([[1, 2], [3, 4], [5]]);
    expect(collect(range(1, 4).pipe(bufferCount(2, 1)))).toEqual([[1, 2], [2, 3], [3, 4], [4]]);
  });

  test("scan accumulates", () => {
    expect(collect(of(1, 2, 3).pipe(scan((sum, n) => sum + n, 0)))).toEqual([1, 3, 6]);
  });

  test("distinctUntilChanged drops repeats", () => {
    expect(collect(of(1, 1, 2, 2, 1).pipe(distinctUntilChanged()))).toEqual([1, 2, 1]);
  });

  test("concatMap keeps order", () => {
    expect(collect(of(1, 2).pipe(concatMap((n) => of(n, n * 100))))).toEqual([1, 100, 2, 200]);
  });
});

describe("subjects", () => {
  test("BehaviorSubject gives new subscribers the current value", () => {
    const subject = new BehaviorSubject("first");
    subject.next("second");
    expect(collect(subject)).toEqual(["second"]);
    expect(subject.getValue()).toBe("second");
  });

  test("ReplaySubject replays its buffer", () => {
    const subject = new ReplaySubject<number>(2);
    for (const n of [1, 2, 3]) subject.next(n);
    expect(collect(subject)).toEqual([2, 3]);
  });

  test("lastValueFrom resolves with the last value", async () => {
    expect(await lastValueFrom(range(1, 3))).toBe(3);
  });
});
