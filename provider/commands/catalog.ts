import { accountCommands } from "./account";
import { blacklistCommands } from "./blacklist";
import { friendCommands } from "./friend";
import { groupCommands } from "./group";
import { profileCommands } from "./profile";

/** Every command the client and the emulator speak. */
export const catalog = {
  ...accountCommands,
  ...friendCommands,
  ...groupCommands,
  ...blacklistCommands,
  ...profileCommands,
};

export type CommandCatalog = typeof catalog;
export type CommandName = keyof CommandCatalog;
