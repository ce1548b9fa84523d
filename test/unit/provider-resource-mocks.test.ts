/**
 * The FriendRelation class's wiring, with the SDK's mocks: type token, inputs, the shared provider, output
 * properties. (Mocks never run the provider's CRUD methods; test/provider does, through the real host.)
 */
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];

pulumi.runtime.setMocks(
  {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      const outputs = { ...args.inputs, addTime: 1700000000, createdByResource: true, profile: {} };
      return { id: `${args.inputs.fromAccount}/${args.inputs.toAccount}`, state: outputs };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      return args.inputs;
    },
  },
  "project",
  "stack",
  false,
);

// Imported after setMocks, as the SDK requires.

const { FriendRelation } = require("../../provider") as typeof import("../../provider");

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("FriendRelation resource", () => {
  test("registers a dynamic resource with a readable type token and its inputs", async () => {
    const relation = new FriendRelation("alice-bob", {
      fromAccount: "alice",
      toAccount: "bob",
      remark: "Bob",
      groups: ["team"],
    });
    expect(await valueOf(relation.id)).toBe("alice/bob");
    const entry = registered.find((r) => r.name === "alice-bob");
    expect(entry?.type).toBe("pulumi-nodejs:dynamic/tencent-chat:FriendRelation");
    expect(entry?.inputs).toMatchObject({ fromAccount: "alice", toAccount: "bob", remark: "Bob", groups: ["team"] });
    expect(typeof entry?.inputs.__provider).toBe("string");
  });

  test("exposes inputs and provider-computed outputs as properties", async () => {
    const relation = new FriendRelation("alice-carol", {
      fromAccount: "alice",
      toAccount: pulumi.output("carol"),
      customFields: { Test: "x" },
    });
    expect(await valueOf(relation.toAccount)).toBe("carol");
    expect(await valueOf(relation.customFields)).toEqual({ Test: "x" });
    expect(await valueOf(relation.addTime)).toBe(1700000000);
    expect(await valueOf(relation.createdByResource)).toBe(true);
  });

  test("every instance shares one provider object and one __provider text, so the host keeps one live provider", async () => {
    const a = new FriendRelation("x-y", { fromAccount: "x", toAccount: "y" });
    const b = new FriendRelation("x-z", { fromAccount: "x", toAccount: "z" });
    await Promise.all([valueOf(a.id), valueOf(b.id)]);
    const texts = registered.filter((r) => r.name === "x-y" || r.name === "x-z").map((r) => r.inputs.__provider);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toBe(texts[1]);
  });

  test("an argument named __provider is refused", () => {
    expect(() => new FriendRelation("bad", { fromAccount: "a", toAccount: "b", __provider: "x" } as never)).toThrow(
      /__provider/,
    );
  });
});
