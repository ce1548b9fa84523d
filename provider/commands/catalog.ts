import { accountCommands } from "./account";
import { blacklistCommands } from "./blacklist";
import type { CommandDescriptor } from "./descriptor";
import { friendCommands } from "./friend";
import { groupCommands } from "./group";
import { profileCommands } from "./profile";

/**
 * Every command we speak, built once per client or emulator instance (never at module scope: see descriptor.ts).
 */
export function commandCatalog() {
  return {
    ...accountCommands(),
    ...friendCommands(),
    ...groupCommands(),
    ...blacklistCommands(),
    ...profileCommands(),
  };
}

export type CommandCatalog = ReturnType<typeof commandCatalog>;
export type CommandName = keyof CommandCatalog;

/** The catalog keyed by URL path (`v4/sns/friend_update`), for routing. */
export function commandsByPath(catalog: CommandCatalog = commandCatalog()): Map<string, CommandDescriptor> {
  return new Map(Object.values(catalog).map((d: CommandDescriptor) => [d.path, d]));
}
