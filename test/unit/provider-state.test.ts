import {
  describeError,
  inputsFromOutputs,
  outputsFromTags,
  specFromInputs,
  specFromOutputs,
  tagsToRead,
} from "../../provider/provider";

const key = { fromAccount: "alice", toAccount: "bob" };

describe("state mapping", () => {
  test("the tags to read follow what the resource manages", () => {
    const spec = specFromInputs({
      ...key,
      remark: "r",
      customFields: { Test: "x" },
      profileTags: ["Tag_Profile_IM_Nick"],
    });
    expect(tagsToRead(spec)).toEqual([
      "Tag_SNS_IM_AddSource",
      "Tag_SNS_IM_AddWording",
      "Tag_SNS_IM_AddTime",
      "Tag_SNS_IM_Remark",
      "Tag_SNS_Custom_Test",
      "Tag_Profile_IM_Nick",
    ]);
  });

  test("outputs hold exactly the managed tags, unset ones as empty, and never an undefined value", () => {
    const spec = specFromInputs({
      ...key,
      remark: "r",
      groups: [],
      customFields: { Test: "x", Other: "y" },
      profileTags: ["Tag_Profile_IM_Level"],
    });
    const outputs = outputsFromTags(
      key,
      spec,
      [
        { Tag: "Tag_SNS_IM_AddTime", Value: 1700000000 },
        { Tag: "Tag_SNS_IM_AddSource", Value: "AddSource_Type_Web" },
        { Tag: "Tag_SNS_IM_Group", Value: ["b", "a"] },
        { Tag: "Tag_SNS_Custom_Test", Value: "x" },
        { Tag: "Tag_Profile_IM_Level", Value: 3 },
        { Tag: "Tag_SNS_IM_Remark", Value: "unmanaged elsewhere" },
      ],
      true,
    );
    expect(outputs).toEqual({
      fromAccount: "alice",
      toAccount: "bob",
      remark: "unmanaged elsewhere",
      groups: ["a", "b"],
      customFields: { Other: "", Test: "x" },
      addSource: "AddSource_Type_Web",
      addTime: 1700000000,
      profileTags: ["Tag_Profile_IM_Level"],
      profile: { Tag_Profile_IM_Level: 3 },
      createdByResource: true,
    });
    expect(Object.values(outputs).includes(undefined)).toBe(false);
    // Read back from state, the outputs say what is managed.
    expect(specFromOutputs(outputs)).toEqual(spec);
  });

  test("tags the resource does not manage are not reported", () => {
    const outputs = outputsFromTags(
      key,
      specFromInputs(key),
      [{ Tag: "Tag_SNS_IM_Remark", Value: "someone else's" }],
      false,
    );
    expect(outputs).toEqual({ ...key, addTime: 0, profile: {}, createdByResource: false });
    expect(inputsFromOutputs(outputs)).toEqual(key);
  });

  test("inputs from outputs describe reality for the next diff", () => {
    const outputs = outputsFromTags(
      key,
      specFromInputs({ ...key, remark: "", groups: ["x"] }),
      [{ Tag: "Tag_SNS_IM_Group", Value: ["x"] }],
      false,
    );
    expect(inputsFromOutputs(outputs)).toEqual({ ...key, remark: "", groups: ["x"] });
  });
});

describe("describeError", () => {
  test("keeps a message that exists", () => {
    expect(describeError(new Error("boom"))).toBe("boom");
  });

  test("builds one from the fields when serialization lost the message", () => {
    expect(
      describeError({ command: "friend_update", errorCode: 70009, errorInfo: "UserSig verification failed" }),
    ).toBe("friend_update failed with ErrorCode 70009 UserSig verification failed");
    expect(
      describeError({
        command: "friend_get_list",
        code: "RETRY_EXHAUSTED",
        attempts: 5,
        cause: { code: "CONNECTION" },
      }),
    ).toBe("friend_get_list failed: RETRY_EXHAUSTED after 5 attempts (request failed: CONNECTION)");
  });
});
