import { startEmulator, type EmulatorControl, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { ChatHttp } from "../helpers/raw-http";

/** One emulator on port 0 with a raw caller and its control client; `close()` tears them down. */
export interface Harness {
  emu: RunningEmulator;
  http: ChatHttp;
  control: EmulatorControl;
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ port: 0, ...options });
  const http = ChatHttp.for(emu);
  return {
    emu,
    http,
    control: emu.control,
    close: async () => {
      await http.close();
      await emu.close();
    },
  };
}

/** One-way friends of `from`, made with friend_import, with the fields given. */
export async function importFriends(
  http: ChatHttp,
  from: string,
  friends: Array<string | { to: string; remark?: string; groups?: string[]; custom?: Record<string, string | number> }>,
): Promise<void> {
  const items = friends.map((f) => {
    const spec = typeof f === "string" ? { to: f } : f;
    return {
      To_Account: spec.to,
      AddSource: "AddSource_Type_Test",
      ...(spec.remark !== undefined ? { Remark: spec.remark } : {}),
      ...(spec.groups !== undefined ? { GroupName: spec.groups } : {}),
      ...(spec.custom
        ? { CustomItem: Object.entries(spec.custom).map(([k, v]) => ({ Tag: `Tag_SNS_Custom_${k}`, Value: v })) }
        : {}),
    };
  });
  for (let i = 0; i < items.length; i += 1000) {
    const res = await http.ok("sns/friend_import", { From_Account: from, AddFriendItem: items.slice(i, i + 1000) });
    if (res.Fail_Account)
      throw new Error(
        `friend_import failed for ${JSON.stringify(res.ResultItem.filter((r: { ResultCode: number }) => r.ResultCode !== 0))}`,
      );
  }
}

/** `n` distinct UserIDs with a prefix. */
export function ids(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}
