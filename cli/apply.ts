import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { ChatClient } from "../provider/client/client";
import type { Environment } from "../provider/config/env";
import { messageOf } from "../provider/errors";
import { type ParsedArgs, UsageError, parseArgs, valueOf } from "./args";
import { CONNECTION_FLAGS, CONNECTION_HELP, resolveConnection } from "./connection";
import {
  type Declaration,
  loadDeclaration,
  missingAccountsError,
  stackNameFor,
  undeclaredFriends,
} from "./declaration";
import { type Io, type Outcome, STATE_DIR } from "./io";
import { declarationProgram } from "./program";
import { fileBackendUrl, findPulumiBin, localBackendDir } from "./pulumi-command";
import { backendLocks, isStale } from "./stale-lock";

export const APPLY_HELP = `usage: tencent-chat apply FILE [--preview | --destroy] [--stack NAME] [--json] [connection]

Deploys the accounts and friendships declared in FILE (YAML or JSON) as a Pulumi stack, through Pulumi's
Automation API: one Account per account, one FriendSet per account with friends. A second apply of the same file
changes nothing; destroy removes what the stack created and keeps what it adopted.

  --preview       show what would change, change nothing
  --destroy       remove what the stack created
  --stack NAME    the stack (default: from the file name)
  --json          print the summary as JSON on stdout (progress still goes to stderr)

${CONNECTION_HELP}

state: PULUMI_BACKEND_URL when set, else a local file backend in ./${STATE_DIR}/state. The stack holds no secret
(connection settings reach the provider through the environment); PULUMI_CONFIG_PASSPHRASE defaults to a fixed
value when neither it nor PULUMI_CONFIG_PASSPHRASE_FILE is set, so CI never prompts.
exit codes: 0 done, 1 the deployment failed, 2 a usage, file or connection error (nothing was changed)`;

const PROJECT = "tencent-chat-apply";

/** What a run changed, counted by the engine. */
export interface ApplySummary {
  stack: string;
  operation: "up" | "preview" | "destroy";
  created: number;
  updated: number;
  deleted: number;
  replaced: number;
  unchanged: number;
  succeeded: boolean;
  error?: string;
}

/** The step each of the user's resources went through, from the engine's events (Pulumi's own resources left out). */
class StepCounter {
  private readonly steps = new Map<string, OpType>();

  record(event: EngineEvent): void {
    const step = event.resOutputsEvent?.metadata ?? event.resourcePreEvent?.metadata;
    if (!step || step.type.startsWith("pulumi:")) return;
    this.steps.set(step.urn, step.op);
  }

  counts(): Pick<ApplySummary, "created" | "updated" | "deleted" | "replaced" | "unchanged"> {
    const ops = [...this.steps.values()];
    const n = (...kinds: string[]) => ops.filter((op) => kinds.includes(op)).length;
    return {
      created: n("create"),
      updated: n("update"),
      deleted: n("delete"),
      replaced: n("replace", "create-replacement", "delete-replaced"),
      unchanged: n("same"),
    };
  }
}

const SYMBOLS: Partial<Record<OpType, string>> = { create: "+", update: "~", delete: "-", replace: "+-", same: " " };

/** One line per resource step, as the engine reports it: `+ Account alice: create done`. */
function progressLine(event: EngineEvent): string | undefined {
  const step = event.resOutputsEvent?.metadata ?? event.resOpFailedEvent?.metadata;
  if (step) {
    if (step.op === "same" || step.type.startsWith("pulumi:")) return undefined;
    const name = decodeURIComponent(step.urn.split("::").pop() ?? "");
    const kind = step.type.split(":").pop();
    const state = event.resOpFailedEvent ? "failed" : "done";
    return `${SYMBOLS[step.op] ?? "?"} ${kind} ${name}: ${step.op} ${state}`;
  }
  const diag = event.diagnosticEvent;
  if (diag && (diag.severity === "error" || diag.severity === "warning") && !diag.ephemeral) {
    return `${diag.severity}: ${diag.message.trim()}`;
  }
  return undefined;
}

/** Accounts named as friends but declared nowhere must exist in the app, or their friendships would fail (30003). */
async function checkUndeclaredFriends(file: string, declaration: Declaration, client: ChatClient): Promise<void> {
  const undeclared = undeclaredFriends(declaration);
  if (undeclared.length === 0) return;
  const checked = await client.accountCheck(undeclared);
  const missing = undeclared.filter((_, i) => checked[i].AccountStatus !== "Imported");
  if (missing.length > 0) throw missingAccountsError(file, missing);
}

export async function runApply(argv: readonly string[], env: Environment, io: Io): Promise<Outcome> {
  const parsed: ParsedArgs = parseArgs(argv, {
    values: ["stack", ...CONNECTION_FLAGS],
    booleans: ["preview", "destroy", "json", "help"],
  });
  if (parsed.booleans.has("help")) {
    io.stdout(`${APPLY_HELP}\n`);
    return { exitCode: 0 };
  }
  if (parsed.positionals.length !== 1) throw new UsageError("apply takes one FILE");
  if (parsed.booleans.has("preview") && parsed.booleans.has("destroy"))
    throw new UsageError("--preview or --destroy, not both");
  const file = parsed.positionals[0];
  const operation = parsed.booleans.has("destroy") ? "destroy" : parsed.booleans.has("preview") ? "preview" : "up";
  const stackName = valueOf(parsed, "stack") ?? stackNameFor(file);
  const declaration = loadDeclaration(file);
  const connection = resolveConnection(parsed, env);
  const bin = findPulumiBin(env);
  if (!bin)
    throw new UsageError(
      "no Pulumi CLI found: install it (https://www.pulumi.com/docs/install/) and put `pulumi` on PATH",
    );

  if (operation !== "destroy") {
    const client = new ChatClient(connection.config);
    try {
      await checkUndeclaredFriends(file, declaration, client);
    } finally {
      await client.close();
    }
  }

  const { LocalWorkspace, PulumiCommand } = await import("@pulumi/pulumi/automation");
  const workDir = path.resolve(STATE_DIR);
  const backendUrl = env.PULUMI_BACKEND_URL ?? fileBackendUrl(path.join(workDir, "state"));
  const backendDir = localBackendDir(backendUrl);
  if (backendDir !== undefined) mkdirSync(backendDir, { recursive: true });
  // The provider host starts in the workspace and finds @pulumi/pulumi and this package from there: through a
  // node_modules link to where they are installed (which every version of Pulumi's host script follows), and
  // NODE_PATH for the modules it loads.
  const packageParent = path.resolve(__dirname, "..", "..", "..");
  linkModules(workDir, packageParent);
  const envVars: Record<string, string> = {
    ...connection.env,
    PATH: [bin, env.PATH ?? ""].join(path.delimiter),
    NODE_PATH: [packageParent, env.NODE_PATH ?? ""].filter(Boolean).join(path.delimiter),
    PULUMI_BACKEND_URL: backendUrl,
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  if (env.PULUMI_CONFIG_PASSPHRASE === undefined && env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
    envVars.PULUMI_CONFIG_PASSPHRASE = "tencent-chat-apply";
  }
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: PROJECT, program: declarationProgram(declaration) },
    {
      workDir,
      envVars,
      pulumiCommand: await PulumiCommand.get({ root: path.dirname(bin), skipVersionCheck: true }),
      projectSettings: { name: PROJECT, runtime: "nodejs", backend: { url: backendUrl } },
    },
  );
  if (backendDir !== undefined) {
    // A killed apply (a cancelled CI job) leaves the stack locked; a lock whose process is gone is released, as
    // `pulumi cancel` would, and the next run picks up what the killed one left (its friendships carry their marks).
    const locks = backendLocks(backendDir, PROJECT, stackName);
    if (locks.length > 0 && locks.every((lock) => isStale(lock))) {
      for (const lock of locks)
        io.stderr(`released the lock of an earlier run that was killed (pid ${lock.pid}, ${lock.timestamp})\n`);
      await stack.cancel();
    }
  }
  const steps = new StepCounter();
  const onEvent = (event: EngineEvent) => {
    steps.record(event);
    const line = progressLine(event);
    if (line) io.stderr(`${line}\n`);
  };
  io.stderr(
    `${operation === "up" ? "applying" : operation === "preview" ? "previewing" : "destroying"} ${file} as stack ${stackName}\n`,
  );
  let error: string | undefined;
  try {
    if (operation === "preview") await stack.preview({ onEvent, color: "never" });
    else if (operation === "destroy") await stack.destroy({ onEvent, color: "never" });
    else await stack.up({ onEvent, color: "never" });
  } catch (failure) {
    error = firstErrorLine(messageOf(failure));
  }
  const summary: ApplySummary = {
    stack: stackName,
    operation,
    ...steps.counts(),
    succeeded: error === undefined,
    ...(error ? { error } : {}),
  };
  if (parsed.booleans.has("json")) io.stdout(`${JSON.stringify(summary)}\n`);
  else {
    const verb = summary.succeeded ? "done" : "FAILED";
    io.stdout(
      `${operation} ${verb}: ${summary.created} created, ${summary.updated} updated, ${summary.deleted} deleted, ${summary.replaced} replaced, ${summary.unchanged} unchanged\n`,
    );
    if (summary.error) io.stderr(`${summary.error}\n`);
  }
  return { exitCode: summary.succeeded ? 0 : 1 };
}

/** `workDir/node_modules` → `modules`, unless the workspace has a node_modules of its own. */
function linkModules(workDir: string, modules: string): void {
  mkdirSync(workDir, { recursive: true });
  const link = path.join(workDir, "node_modules");
  let current: string | undefined;
  try {
    current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : link;
  } catch {
    current = undefined;
  }
  if (current === modules || current === link) return;
  if (current !== undefined) rmSync(link);
  // A junction needs no privilege on Windows; elsewhere the type is ignored.
  symlinkSync(modules, link, "junction");
}

/** The engine's failure text is the whole CLI transcript; the useful part is its error lines. */
function firstErrorLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim());
  const errors = lines.filter((l) => l.startsWith("error:"));
  return [...new Set(errors.length > 0 ? errors : lines.filter(Boolean).slice(-1))].slice(0, 5).join("\n");
}
