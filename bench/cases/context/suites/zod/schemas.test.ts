// Behaviour checks of zod's classic API (schemas, checks, errors, messages), run against the sources in src/.
import { describe, expect, test } from "bun:test";
import * as z from "../src/index";

describe("strings", () => {
  test("min length accepts the boundary", () => {
    const name = z.string().min(3);
    expect(name.safeParse("abc").success).toBe(true);
    expect(name.safeParse("ab").success).toBe(false);
  });

  test("emails are validated", () => {
    const email = z.email();
    expect(email.safeParse("ada@example.com").success).toBe(true);
    expect(email.safeParse("first.last+tag@mail.example.org").success).toBe(true);
    expect(email.safeParse("not an email").success).toBe(false);
  });

  test("too-short messages are readable", () => {
    const result = z.string().min(5).safeParse("abc");
    expect(result.error?.issues[0]?.message).toBe("Too small: expected string to have >=5 characters");
  });
});

describe("objects", () => {
  const User = z.object({
    name: z.string(),
    address: z.object({ city: z.string(), zip: z.string().length(5) }),
    tags: z.array(z.string()).default([]),
  });

  test("nested issues carry their path", () => {
    const result = User.safeParse({ name: "Ada", address: { city: "London", zip: "123" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["address", "zip"]]);
  });

  test("defaults fill missing keys", () => {
    const parsed = User.parse({ name: "Ada", address: { city: "London", zip: "12345" } });
    expect(parsed.tags).toEqual([]);
  });

  test("strict objects reject unknown keys", () => {
    const Point = z.strictObject({ x: z.number(), y: z.number() });
    const result = Point.safeParse({ x: 1, y: 2, z: 3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  test("flattenError groups issues by field", () => {
    const result = User.safeParse({ name: 1, address: { city: "London", zip: "12345" } });
    expect(z.flattenError(result.error!).fieldErrors).toEqual({ name: ["Invalid input: expected string, received number"] });
  });
});

describe("composition", () => {
  test("discriminated unions pick the right branch", () => {
    const Shape = z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("circle"), radius: z.number() }),
      z.object({ kind: z.literal("square"), side: z.number() }),
    ]);
    expect(Shape.parse({ kind: "square", side: 2 })).toEqual({ kind: "square", side: 2 });
    expect(Shape.safeParse({ kind: "circle", side: 2 }).success).toBe(false);
  });

  test("transforms and refinements run in order", () => {
    const Even = z
      .string()
      .transform((s) => Number.parseInt(s, 10))
      .refine((n) => n % 2 === 0, "must be even");
    expect(Even.parse("42")).toBe(42);
    expect(Even.safeParse("7").error?.issues[0]?.message).toBe("must be even");
  });

  test("coercion and enums", () => {
    expect(z.coerce.number().parse("3.5")).toBe(3.5);
    expect(z.enum(["red", "green"]).safeParse("blue").success).toBe(false);
  });

  test("records and tuples", () => {
    expect(z.record(z.string(), z.number()).parse({ a: 1 })).toEqual({ a: 1 });
    expect(z.tuple([z.string(), z.number()]).safeParse(["a", "b"]).error?.issues[0]?.path).toEqual([1]);
    expect(z.tuple([z.tuple([z.string(), z.number()])]).safeParse([["a", "b"]]).error?.issues[0]?.path).toEqual([0, 1]);
  });
});
