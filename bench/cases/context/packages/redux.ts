// redux@5.0.1 cases: a small store library, the TypeScript sources shipped under src/.
import { type PackageSpec, processEnv, tsconfigFor } from "../spec.ts";

export const redux: PackageSpec = {
  name: "redux",
  version: "5.0.1",
  licence: "MIT",
  slug: "redux",
  keep: ["src", "package.json", "LICENSE.md", "README.md"],
  tsconfig: tsconfigFor(["src"]),
  env: processEnv,
  cases: [
    {
      id: "redux-01",
      title: "MiddlewareAPI.getState renamed to state; the error shows in applyMiddleware.ts",
      tool: "tsc",
      edits: [{ file: "src/types/middleware.ts", find: "  dispatch: D\n  getState(): S\n", replace: "  dispatch: D\n  state(): S\n" }],
      expect: "src/applyMiddleware.ts",
    },
    {
      id: "redux-02",
      title: "getState drops the cast of the possibly-preloaded state",
      tool: "tsc",
      edits: [{ file: "src/createStore.ts", find: "    return currentState as S\n", replace: "    return currentState\n" }],
      expect: "TS2322",
    },
    {
      id: "redux-03",
      title: "isPlainObject loses its type guard; isAction no longer narrows",
      tool: "tsc",
      edits: [{ file: "src/utils/isPlainObject.ts", find: "export default function isPlainObject(obj: any): obj is object {", replace: "export default function isPlainObject(obj: any): boolean {" }],
      expect: "src/utils/isAction.ts",
    },
    {
      id: "redux-04",
      title: "compose applies functions left to right",
      tool: "bun-test",
      edits: [{ file: "src/compose.ts", find: "        a(b(...args))", replace: "        b(a(...args))" }],
      expect: "compose applies functions right to left",
    },
    {
      id: "redux-05",
      title: "combineReducers always reports a change",
      tool: "bun-test",
      edits: [{ file: "src/combineReducers.ts", find: "    return hasChanged ? nextState : state", replace: "    return hasChanged || action ? nextState : state" }],
      noise: [{ file: "src/utils/warning.ts", find: "export default function warning", replace: "// Logs through console.error so the message keeps its stack.\nexport default function warning" }],
      expect: "keeps the same state object when nothing changed",
    },
    {
      id: "redux-06",
      title: "unsubscribe clears nextListeners instead of currentListeners",
      tool: "bun-test",
      edits: [{ file: "src/createStore.ts", find: "      nextListeners.delete(listenerId)\n      currentListeners = null", replace: "      nextListeners.delete(listenerId)\n      nextListeners = null as never" }],
      expect: "(fail)",
    },
    {
      id: "redux-07",
      title: "applyMiddleware drops the first middleware (off by one)",
      tool: "bun-test",
      edits: [{ file: "src/applyMiddleware.ts", find: "    const chain = middlewares.map(middleware => middleware(middlewareAPI))", replace: "    const chain = middlewares.slice(1).map(middleware => middleware(middlewareAPI))" }],
      expect: "every middleware sees each action in order",
    },
    {
      id: "redux-08",
      title: "bindActionCreators skips function members",
      tool: "bun-test",
      edits: [{ file: "src/bindActionCreators.ts", find: "    if (typeof actionCreator === 'function') {", replace: "    if (typeof actionCreator === 'object') {" }],
      expect: "bound action creators dispatch",
    },
    {
      id: "redux-09",
      title: "isPlainObject walks one prototype too few; dispatch rejects plain actions",
      tool: "bun-test",
      edits: [{ file: "src/utils/isPlainObject.ts", find: "  while (Object.getPrototypeOf(proto) !== null) {", replace: "  while (Object.getPrototypeOf(Object.getPrototypeOf(proto)) !== null) {" }],
      expect: "Actions must be plain objects",
    },
  ],
};
