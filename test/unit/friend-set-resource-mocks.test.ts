/**
 * The FriendSet class's wiring, with the SDK's mocks: type token, inputs, one shared provider object, outputs.
 * (Mocks never run the provider's methods; test/provider/friend-set.test.ts does, through the real host.)
 */
import * as pulumi from "@pulumi/pulumi";

// As in provider-resource-mocks.test.ts: the closure serializer cannot capture packages by reference under Jest, so
// a stand-in provider keeps the focus on wiring.
jest.mock("../../provider/friend-set/provider", () => ({
  FriendSetProvider: class StandInProvider {
    async create(): Promise<{ id: string }> {
      return { id: "stand-in" };
    }
  },
}));

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
      const friends = Object.fromEntries(
        Object.entries(args.inputs.friends as Record<string, object>).map(([id, spec]) => [
          id,
          { ...spec, createdByResource: true },
        ]),
      );
      return { id: String(args.inputs.fromAccount), state: { fromAccount: args.inputs.fromAccount, friends } };
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

const { FriendSet } = require("../../provider") as typeof import("../../provider");

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("FriendSet resource", () => {
  test("registers a dynamic resource with a readable type token, its inputs and outputs", async () => {
    const set = new FriendSet("alice-friends", {
      fromAccount: "alice",
      friends: { bob: { remark: "Bob" }, carol: {} },
    });
    expect(await valueOf(set.id)).toBe("alice");
    const entry = registered.find((r) => r.name === "alice-friends");
    expect(entry?.type).toBe("pulumi-nodejs:dynamic/tencent-chat:FriendSet");
    expect(entry?.inputs).toMatchObject({ fromAccount: "alice", friends: { bob: { remark: "Bob" }, carol: {} } });
    expect(typeof entry?.inputs.__provider).toBe("string");
    expect(await valueOf(set.friends)).toEqual({
      bob: { remark: "Bob", createdByResource: true },
      carol: { createdByResource: true },
    });
  });

  test("every FriendSet shares one provider object and one __provider text (one live provider in the host)", async () => {
    const a = new FriendSet("a-friends", { fromAccount: "a", friends: {} });
    const b = new FriendSet("b-friends", { fromAccount: "b", friends: {} });
    await Promise.all([valueOf(a.id), valueOf(b.id)]);
    const texts = registered
      .filter((r) => r.name === "a-friends" || r.name === "b-friends")
      .map((r) => r.inputs.__provider);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toBe(texts[1]);
  });
});
