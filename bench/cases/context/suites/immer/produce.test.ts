// Behaviour checks of immer's drafts, run against the sources in src/ (patches need the package entry, so they are left out).
import { describe, expect, test } from "bun:test";
import { Immer } from "../src/core/immerClass";
import { current } from "../src/core/current";
import { enableMapSet } from "../src/plugins/mapset";
import { original } from "../src/utils/common";

enableMapSet();
const immer = new Immer();
const produce = immer.produce;

describe("produce", () => {
  test("applies changes to a copy", () => {
    const base = { todos: [{ title: "a", done: false }] };
    const next = produce(base, (draft) => {
      draft.todos[0]!.done = true;
      draft.todos.push({ title: "b", done: false });
    });
    expect(base.todos[0]!.done).toBe(false);
    expect(next.todos).toEqual([{ title: "a", done: true }, { title: "b", done: false }]);
  });

  test("assigning equal values keeps the same object", () => {
    const base = { n: NaN, s: "x" };
    const next = produce(base, (draft) => {
      draft.n = NaN;
      draft.s = "x";
    });
    expect(next).toBe(base);
  });

  test("nested changes share untouched branches", () => {
    const base = { left: { deep: { value: 1 } }, right: { value: 2 } };
    const next = produce(base, (draft) => {
      draft.left.deep.value = 10;
    });
    expect(next.left.deep.value).toBe(10);
    expect(next).not.toBe(base);
    expect(next.right).toBe(base.right);
  });

  test("deleting a property", () => {
    const base: Record<string, number> = { a: 1, b: 2 };
    const next = produce(base, (draft) => {
      delete draft.a;
    });
    expect(next).toEqual({ b: 2 });
    expect(base).toEqual({ a: 1, b: 2 });
  });

  test("results are frozen deeply", () => {
    const next = produce({ list: [{ id: 1 }] }, (draft) => {
      draft.list.push({ id: 2 });
    });
    expect(Object.isFrozen(next)).toBe(true);
    expect(Object.isFrozen(next.list)).toBe(true);
    expect(Object.isFrozen(next.list[1])).toBe(true);
  });
});

describe("collections", () => {
  test("maps can be drafted", () => {
    const base = new Map([["a", { n: 1 }]]);
    const next = produce(base, (draft) => {
      draft.set("b", { n: 2 });
      draft.get("a")!.n = 5;
    });
    expect([...next.entries()]).toEqual([["a", { n: 5 }], ["b", { n: 2 }]]);
    expect(base.get("a")!.n).toBe(1);
  });

  test("sets can be drafted", () => {
    const base = { tags: new Set(["x"]) };
    const next = produce(base, (draft) => {
      draft.tags.add("y");
    });
    expect([...next.tags]).toEqual(["x", "y"]);
    expect(base.tags.size).toBe(1);
  });
});

describe("draft helpers", () => {
  test("current() snapshots and original() returns the base", () => {
    const base = { count: 1 };
    produce(base, (draft) => {
      draft.count = 2;
      expect(current(draft)).toEqual({ count: 2 });
      expect(original(draft)).toBe(base);
    });
  });
});
