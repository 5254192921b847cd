// Behaviour checks of redux's store, reducers and middleware, run against the sources in src/.
import { describe, expect, test } from "bun:test";
import { createStore } from "../src/createStore";
import combineReducers from "../src/combineReducers";
import applyMiddleware from "../src/applyMiddleware";
import compose from "../src/compose";
import bindActionCreators from "../src/bindActionCreators";
import isPlainObject from "../src/utils/isPlainObject";
import { kindOf } from "../src/utils/kindOf";

type CounterAction = { type: "add"; by: number } | { type: "reset" };
const counter = (state = 0, action: CounterAction) =>
  action.type === "add" ? state + action.by : action.type === "reset" ? 0 : state;
const todos = (state: string[] = [], action: { type: string; text?: string }) =>
  action.type === "todo" ? [...state, action.text ?? ""] : state;

describe("store", () => {
  test("dispatch updates the state", () => {
    const store = createStore(counter);
    store.dispatch({ type: "add", by: 2 });
    store.dispatch({ type: "add", by: 3 });
    expect(store.getState()).toBe(5);
  });

  test("listeners are notified and can unsubscribe", () => {
    const store = createStore(counter);
    const calls: number[] = [];
    const first = store.subscribe(() => calls.push(1));
    store.subscribe(() => calls.push(2));
    store.dispatch({ type: "add", by: 1 });
    first();
    store.dispatch({ type: "add", by: 1 });
    expect(calls).toEqual([1, 2, 2]);
  });

  test("rejects actions that are not plain objects", () => {
    const store = createStore(counter);
    expect(() => store.dispatch((() => {}) as never)).toThrow("Actions must be plain objects");
  });
});

describe("combineReducers", () => {
  test("keeps the same state object when nothing changed", () => {
    const root = combineReducers({ counter, todos });
    const store = createStore(root);
    const before = store.getState();
    store.dispatch({ type: "noop" } as never);
    expect(store.getState()).toBe(before);
  });

  test("routes actions to every slice", () => {
    const store = createStore(combineReducers({ counter, todos }));
    store.dispatch({ type: "todo", text: "write tests" } as never);
    store.dispatch({ type: "add", by: 4 } as never);
    expect(store.getState()).toEqual({ counter: 4, todos: ["write tests"] });
  });
});

describe("middleware", () => {
  test("compose applies functions right to left", () => {
    const double = (x: number) => x * 2;
    const inc = (x: number) => x + 1;
    expect(compose(double, inc)(5)).toBe(12);
  });

  test("every middleware sees each action in order", () => {
    const seen: string[] = [];
    const logger = (name: string) => () => (next: (a: unknown) => unknown) => (action: unknown) => {
      seen.push(name);
      return next(action);
    };
    const store = createStore(counter, applyMiddleware(logger("a"), logger("b")));
    store.dispatch({ type: "add", by: 1 });
    expect(seen).toEqual(["a", "b"]);
    expect(store.getState()).toBe(1);
  });

  test("bound action creators dispatch", () => {
    const store = createStore(counter);
    const actions = bindActionCreators({ add: (by: number) => ({ type: "add" as const, by }) }, store.dispatch);
    actions.add(7);
    expect(store.getState()).toBe(7);
  });
});

describe("utils", () => {
  test("isPlainObject", () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(new Date())).toBe(false);
  });

  test("kindOf names values", () => {
    expect(kindOf(new Map())).toBe("Map");
    expect(kindOf([])).toBe("array");
    expect(kindOf(null)).toBe("null");
  });
});
