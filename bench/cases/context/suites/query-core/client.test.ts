// Behaviour checks of @tanstack/query-core's client, cache and helpers, run against the sources in src/.
import { describe, expect, test } from "bun:test";
import {
  MutationObserver,
  QueryClient,
  dehydrate,
  hashKey,
  hydrate,
  replaceEqualDeep,
} from "../src/index";

const client = () => new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } });

describe("query cache", () => {
  test("object keys in query keys are order-insensitive", () => {
    const qc = client();
    qc.setQueryData(["todo", { id: 1, lang: "en" }], "first");
    expect(qc.getQueryData(["todo", { lang: "en", id: 1 }])).toBe("first");
    expect(hashKey([{ b: 1, a: 2 }])).toBe('[{"a":2,"b":1}]');
  });

  test("setQueryData accepts an updater", () => {
    const qc = client();
    qc.setQueryData(["count"], 1);
    qc.setQueryData<number>(["count"], (old) => (old ?? 0) + 41);
    expect(qc.getQueryData(["count"])).toBe(42);
  });

  test("invalidateQueries matches by key prefix", async () => {
    const qc = client();
    for (const key of [["todos", "list"], ["todos", "detail", 1], ["users"]]) {
      await qc.fetchQuery({ queryKey: key, queryFn: async () => key.join("/") });
    }
    await qc.invalidateQueries({ queryKey: ["todos"], refetchType: "none" });
    expect(qc.getQueryState(["todos", "list"])?.isInvalidated).toBe(true);
    expect(qc.getQueryState(["todos", "detail", 1])?.isInvalidated).toBe(true);
    expect(qc.getQueryState(["users"])?.isInvalidated).toBe(false);
    await qc.invalidateQueries({ queryKey: ["users"], refetchType: "none" });
    expect(qc.getQueryState(["users"])?.isInvalidated).toBe(true);
  });
});

describe("fetching", () => {
  test("fetchQuery retries until it succeeds", async () => {
    const qc = client();
    let attempts = 0;
    const data = await qc.fetchQuery({
      queryKey: ["flaky"],
      retry: 2,
      retryDelay: 1,
      queryFn: async () => {
        attempts++;
        if (attempts < 3) throw new Error(`attempt ${attempts} failed`);
        return "ok";
      },
    });
    expect(data).toBe("ok");
    expect(attempts).toBe(3);
  });

  test("infinite queries keep at most maxPages pages", async () => {
    const qc = client();
    const data = await qc.fetchInfiniteQuery({
      queryKey: ["pages"],
      queryFn: async ({ pageParam }) => `page ${pageParam}`,
      initialPageParam: 0,
      getNextPageParam: (_last, all) => all.length,
      pages: 3,
      maxPages: 2,
    });
    expect(data.pages).toEqual(["page 1", "page 2"]);
    expect(data.pageParams).toEqual([1, 2]);
  });

  test("mutations pass data and variables to onSuccess", async () => {
    const qc = client();
    const seen: unknown[] = [];
    const observer = new MutationObserver(qc, {
      mutationFn: async (name: string) => ({ greeting: `hello ${name}` }),
      onSuccess: (data, variables) => {
        seen.push(data, variables);
      },
    });
    await observer.mutate("ada");
    expect(seen).toEqual([{ greeting: "hello ada" }, "ada"]);
  });
});

describe("hydration and sharing", () => {
  test("dehydrated state hydrates into another client", () => {
    const source = client();
    source.setQueryData(["user", 7], { name: "Grace" });
    const target = client();
    hydrate(target, JSON.parse(JSON.stringify(dehydrate(source))));
    expect(target.getQueryData(["user", 7])).toEqual({ name: "Grace" });
    expect(target.getQueryState(["user", 7])?.status).toBe("success");
  });

  test("replaceEqualDeep keeps unchanged branches", () => {
    const before = { a: { x: 1 }, b: [1, 2] };
    const after = replaceEqualDeep(before, { a: { x: 1 }, b: [1, 3] });
    expect(after.a).toBe(before.a);
    expect(after.b).toEqual([1, 3]);
  });
});
