import { readFileSync } from "node:fs";
import { FriendRelation } from "pulumi-tencent-chat";
import type { SoakDeclaration } from "../declaration";

/** Declares exactly the relations the soak wrote into $PTC_SOAK_DECLARATION (see ../declaration.ts). */
const declaration = JSON.parse(readFileSync(process.env.PTC_SOAK_DECLARATION ?? "", "utf8")) as SoakDeclaration;
for (const { name, ...args } of declaration.relations) new FriendRelation(name, args);

export const relations = declaration.relations.length;
