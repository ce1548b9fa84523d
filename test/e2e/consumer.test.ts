/**
 * The package as a platform team meets it: `npm pack`, then projects of their own outside this repository install the
 * tarball and @pulumi/pulumi from the registry, start the emulator from the installed `tencent-chat` bin, and run the
 * real Pulumi CLI. A TypeScript project with the tsconfig `pulumi new typescript` writes (type-checked by Pulumi's
 * default mode), a plain JavaScript project without TypeScript, and an Automation API inline program; the TypeScript
 * project once with the lowest and once with the newest @pulumi/pulumi of the peer range.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EmulatorControl } from "../../emulator";
import { ensurePackageInstalled, repoRoot } from "../../scripts/package-build";
import { offlinePulumiEnv, runPulumi, type RunResult } from "../../scripts/pulumi-cli";
import { exec } from "../helpers/exec";
import { pulumiAvailability } from "../helpers/pulumi-stack";

const pulumi = pulumiAvailability();
const describeE2E = pulumi.available ? describe : describe.skip;
jest.setTimeout(15 * 60_000);

/** The range package.json declares for @pulumi/pulumi, tested at both ends. */
const LOWEST_PULUMI = "3.216.0";
const NEWEST_PULUMI = "3.276.0";
const scratch = mkdtempSync(path.join(tmpdir(), "ptc-consumer-"));
const node = process.execPath;
const npmCli = process.env.npm_execpath;

const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

/** `npm ARGS` in `cwd`, with the npm running these tests; resolves with its stdout. */
function npm(args: string[], cwd: string): Promise<string> {
  return npmCli ? exec(node, [npmCli, ...args], { cwd, env: npmEnv }) : exec("npm", args, { cwd, env: npmEnv });
}

/** The tarball a user would install, packed from this repository. */
async function pack(): Promise<{ file: string; files: number; bytes: number }> {
  ensurePackageInstalled();
  const out = await npm(["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], repoRoot);
  const [info] = JSON.parse(out) as Array<{ filename: string; entryCount: number; size: number }>;
  return { file: path.join(scratch, info.filename), files: info.entryCount, bytes: info.size };
}

const STOCK_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

const TS_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Account, FriendRelation, FriendSet } from "pulumi-tencent-chat";

const alice = new Account("alice", { userId: "c_alice", nick: "Alice" });
const bob = new Account("bob", { userId: "c_bob" });
const relation = new FriendRelation("alice-bob", { fromAccount: alice.userId, toAccount: bob.userId, remark: "Bob" });
new FriendSet("carol-friends", { fromAccount: "c_carol", friends: { c_alice: { remark: "A" }, c_bob: {} } }, { dependsOn: [alice, bob] });

export const created = relation.createdByResource;
export const stack = pulumi.getStack();
`;

const JS_PROGRAM = `const { FriendRelation } = require("pulumi-tencent-chat");

const relation = new FriendRelation("carol-alice", { fromAccount: "c_carol", toAccount: "c_alice", groups: ["js"] });
exports.created = relation.createdByResource;
// What the program's own process loaded: the client's dependencies load only in Pulumi's provider host.
exports.heavy = Object.keys(require.cache).filter((file) => /[\\\\/]node_modules[\\\\/](undici|zod)[\\\\/]/.test(file)).length;
`;

const INLINE_PROGRAM = `const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const { FriendRelation } = require("pulumi-tencent-chat");

async function main() {
  const program = async () => {
    const r = new FriendRelation("inline", { fromAccount: "c_bob", toAccount: "c_carol", remark: "inline" });
    return { created: r.createdByResource };
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "inline", projectName: "consumer-inline", program },
    { workDir: __dirname, envVars: {} },
  );
  const up = await stack.up();
  if (up.outputs.created.value !== true) throw new Error("not created");
  await stack.destroy();
  process.stdout.write("inline ok\\n");
}
main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\\n");
  process.exit(1);
});
`;

interface Project {
  dir: string;
  env: NodeJS.ProcessEnv;
  run(args: string[]): Promise<RunResult>;
  mustRun(args: string[]): Promise<RunResult>;
}

describeE2E("a platform team's own project", () => {
  let tarball: { file: string; files: number; bytes: number };
  let emulatorProcess: ChildProcess | undefined;
  let control: EmulatorControl;
  let endpoint: string;

  /**
   * A project of the team's own in `scratch/name`: `files` written, `dependencies` installed from the registry (and
   * the tarball). With `template`, it starts as `pulumi new TEMPLATE --generate-only` writes it, its dependencies
   * overridden by `dependencies`.
   */
  async function project(
    name: string,
    files: Record<string, string>,
    dependencies: Record<string, string>,
    template?: string,
  ): Promise<Project> {
    const dir = path.join(scratch, name);
    mkdirSync(dir, { recursive: true });
    const base = { ...process.env };
    for (const key of Object.keys(base))
      if (key.startsWith("TENCENT_CHAT_") || key === "PULUMI_NODEJS_TRANSPILE_ONLY") delete base[key];
    const env: NodeJS.ProcessEnv = {
      ...offlinePulumiEnv(
        {
          binDir: pulumi.available ? pulumi.binDir : "",
          homeDir: path.join(dir, ".home"),
          backendDir: path.join(dir, ".state"),
          passphrase: "consumer",
        },
        base,
      ),
      TENCENT_CHAT_ENDPOINT: endpoint,
      TENCENT_CHAT_SDKAPPID: "1400000000",
      TENCENT_CHAT_SECRET_KEY: "emulator-local-secret",
    };
    // Pulumi's default mode: the program is type-checked with the project's tsconfig.
    delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
    mkdirSync(path.join(dir, ".state"), { recursive: true });
    const run = (args: string[]) => runPulumi(args, { cwd: dir, env });
    const mustRun = async (args: string[]) => {
      const result = await run(args);
      if (result.code !== 0)
        throw new Error(
          `pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
        );
      return result;
    };
    let manifest: Record<string, unknown> = { name, private: true };
    if (template) {
      await mustRun(["new", template, "--generate-only", "--yes", "--force", "--name", name, "--description", name]);
      manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    }
    const merged = { ...(manifest.dependencies as Record<string, string> | undefined), ...dependencies };
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...manifest, dependencies: merged }, null, 2));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    await npm(["install", "--no-audit", "--no-fund", "--loglevel=error"], dir);
    return { dir, env, run, mustRun };
  }

  async function friendships(): Promise<string[]> {
    const state = await control.state();
    return Object.entries(state.accounts)
      .flatMap(([from, account]) => Object.keys(account.friends).map((to) => `${from}→${to}`))
      .sort();
  }

  beforeAll(async () => {
    tarball = await pack();
    process.stdout.write(
      `consumer: tarball ${path.basename(tarball.file)}: ${tarball.files} files, ${tarball.bytes} bytes\n`,
    );
    // The emulator as a team runs it in CI: from the installed package's bin, in a project of its own.
    const tools = path.join(scratch, "ci-tools");
    mkdirSync(tools, { recursive: true });
    writeFileSync(path.join(tools, "package.json"), JSON.stringify({ name: "ci-tools", private: true }));
    await npm(
      ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball.file, `@pulumi/pulumi@${NEWEST_PULUMI}`],
      tools,
    );
    const bin = path.join(tools, "node_modules", ".bin", "tencent-chat");
    emulatorProcess = spawn(bin, ["emulator", "--port", "0", "--accounts", "c_carol"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    endpoint = await new Promise<string>((resolve, reject) => {
      let out = "";
      emulatorProcess!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      emulatorProcess!.on("exit", (code) => reject(new Error(`the emulator exited ${code}: ${out}`)));
    });
    control = new EmulatorControl(endpoint);
  });

  afterAll(async () => {
    await control?.close();
    emulatorProcess?.kill("SIGTERM");
    rmSync(scratch, { recursive: true, force: true });
  });

  test("the tarball holds only what users need", () => {
    const listing = execFileSync("tar", ["-tzf", tarball.file], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(listing).toContain("package/dist/provider/index.js");
    expect(listing).toContain("package/dist/provider/index.d.ts");
    expect(listing).toContain("package/dist/cli/main.js");
    expect(listing).toContain("package/LICENSE");
    expect(listing.filter((f) => /^package\/(test|bench|scripts|tools|\.ci|provider|emulator|cli)\//.test(f))).toEqual(
      [],
    );
    // Sources only in the `pulumi new` template, whose program is the user's to compile.
    expect(listing.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.includes("/templates/"))).toEqual([]);
  });

  test("the published types name only this package's own types, @pulumi/pulumi's and Node's", () => {
    const unpacked = path.join(scratch, "unpacked");
    mkdirSync(unpacked, { recursive: true });
    execFileSync("tar", ["-xzf", tarball.file, "-C", unpacked]);
    const root = path.join(unpacked, "package");
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      exports: Record<string, string | { types?: string }>;
    };
    const entries = Object.values(manifest.exports).flatMap((e) => (typeof e === "object" && e.types ? [e.types] : []));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const foreign: string[] = [];
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import\()\s*["']([^"']+)["']/g)) {
        if (spec.startsWith(".")) {
          const target = path.resolve(path.dirname(file), spec);
          const found = [`${target}.d.ts`, path.join(target, "index.d.ts")].find((f) => existsSync(f));
          if (found) visit(found);
        } else if (!/^(@pulumi\/pulumi|node:)/.test(spec)) foreign.push(`${path.relative(root, file)}: ${spec}`);
      }
    };
    for (const entry of entries) visit(path.join(root, entry));
    expect(foreign).toEqual([]);
  });

  test.each([
    ["lowest", LOWEST_PULUMI],
    ["newest", NEWEST_PULUMI],
  ])(
    "TypeScript project, @pulumi/pulumi %s (%s): tsc clean, up creates, a second up changes nothing, destroy restores",
    async (_which, version) => {
      const before = await friendships();
      const ts = await project(
        `ts-${version}`,
        {
          "index.ts": TS_PROGRAM,
          "tsconfig.json": JSON.stringify(STOCK_TSCONFIG, null, 4),
          "Pulumi.yaml": "name: consumer-ts\nruntime: nodejs\n",
        },
        {
          "@pulumi/pulumi": version,
          "pulumi-tencent-chat": `file:${tarball.file}`,
          typescript: "^5",
          "@types/node": "^22",
        },
      );
      // One copy of the SDK: the package takes the project's.
      expect(() =>
        statSync(path.join(ts.dir, "node_modules", "pulumi-tencent-chat", "node_modules", "@pulumi")),
      ).toThrow();
      await exec(node, [path.join(ts.dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", ts.dir], {
        cwd: ts.dir,
        env: process.env,
      });

      await ts.mustRun(["stack", "init", "dev"]);
      const up = await ts.mustRun(["up", "--yes", "--skip-preview"]);
      expect(up.stdout).toMatch(/\+ 5 created/);
      expect(await friendships()).toEqual([...before, "c_alice→c_bob", "c_carol→c_alice", "c_carol→c_bob"].sort());
      if (version === NEWEST_PULUMI) {
        const again = await ts.mustRun(["up", "--yes", "--skip-preview"]);
        expect(again.stdout).toMatch(/5 unchanged/);
      }
      await ts.mustRun(["destroy", "--yes", "--skip-preview"]);
      expect(await friendships()).toEqual(before);
      expect(Object.keys((await control.state()).accounts).sort()).toEqual(["c_carol"]);
    },
  );

  test("JavaScript project without TypeScript: the program loads neither undici nor zod; an Automation API inline program", async () => {
    const before = await friendships();
    const js = await project(
      "js",
      {
        "index.js": JS_PROGRAM,
        "Pulumi.yaml": "name: consumer-js\nruntime: nodejs\nmain: index.js\n",
        // In a folder of its own (its workspace), using the project's node_modules.
        "inline/inline.js": INLINE_PROGRAM,
      },
      {
        "@pulumi/pulumi": NEWEST_PULUMI,
        "pulumi-tencent-chat": `file:${tarball.file}`,
      },
    );
    expect(() => statSync(path.join(js.dir, "node_modules", "typescript"))).toThrow();
    await js.mustRun(["stack", "init", "dev"]);
    await control.seedAccounts(["c_alice", "c_bob"]);
    await js.mustRun(["up", "--yes", "--skip-preview"]);
    const outputs = JSON.parse((await js.mustRun(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    expect(outputs).toEqual({ created: true, heavy: 0 });
    await js.mustRun(["destroy", "--yes", "--skip-preview"]);
    expect(await friendships()).toEqual(before);

    const inlineDir = path.join(js.dir, "inline");
    const out = await exec(node, [path.join(inlineDir, "inline.js")], { cwd: inlineDir, env: js.env });
    expect(out).toContain("inline ok");
    expect(await friendships()).toEqual(before);
  });

  test("a project started from the template: pulumi new offline, its config defaults checked at preview, up and destroy", async () => {
    // The template as the tarball ships it.
    const unpacked = mkdtempSync(path.join(scratch, "template-"));
    execFileSync("tar", ["-xzf", tarball.file, "-C", unpacked]);
    const template = path.join(unpacked, "package", "templates", "tencent-chat-typescript");
    await control.seedAccounts(["carol"]);
    const before = await friendships();
    const fromTemplate = await project(
      "from-template",
      {},
      { "@pulumi/pulumi": NEWEST_PULUMI, "pulumi-tencent-chat": `file:${tarball.file}` },
      template,
    );
    await fromTemplate.mustRun(["stack", "init", "dev"]);
    // The template's defaults are the stack's; a wrong value is refused at preview, naming the key, in one line.
    expect((await fromTemplate.mustRun(["config", "get", "tencent-chat:sdkAppId"])).stdout.trim()).toBe("1400000000");
    await fromTemplate.mustRun(["config", "set", "tencent-chat:sdkAppId", "not-a-number"]);
    const refused = await fromTemplate.run(["preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/sdkAppId/);
    expect(refused.stdout).not.toMatch(/^\s+at /m);
    await fromTemplate.mustRun(["config", "set", "tencent-chat:sdkAppId", "1400000000"]);
    await fromTemplate.mustRun(["config", "set", "tencent-chat:endpoint", endpoint]);
    await fromTemplate.mustRun(["config", "set", "--secret", "tencent-chat:secretKey", "emulator-local-secret"]);

    await fromTemplate.mustRun(["up", "--yes", "--skip-preview"]);
    expect(await friendships()).toEqual([...before, "alice→bob", "bob→alice", "carol→alice", "carol→bob"].sort());
    await fromTemplate.mustRun(["destroy", "--yes", "--skip-preview"]);
    expect(await friendships()).toEqual(before);
  });

  test("tencent-chat apply from the installed bin: a declaration file deployed and destroyed", async () => {
    const before = await friendships();
    const dir = path.join(scratch, "ci-tools");
    writeFileSync(
      path.join(dir, "seed.yaml"),
      "accounts:\n  d_ann:\n    nick: Ann\n    friends: { d_ben: { remark: Ben } }\n  d_ben: {}\nmutual:\n  - [d_ann, d_ben]\n",
    );
    const env = {
      ...offlinePulumiEnv(
        {
          binDir: pulumi.available ? pulumi.binDir : "",
          homeDir: path.join(dir, ".home"),
          backendDir: path.join(dir, ".state"),
          passphrase: "consumer",
        },
        process.env,
      ),
      TENCENT_CHAT_ENDPOINT: endpoint,
      TENCENT_CHAT_SDKAPPID: "1400000000",
      TENCENT_CHAT_SECRET_KEY: "emulator-local-secret",
    };
    const bin = path.join(dir, "node_modules", ".bin", "tencent-chat");
    const up = await exec(bin, ["apply", "seed.yaml"], { cwd: dir, env });
    // Two Accounts, two FriendSets (the pair gives each a friend).
    expect(up).toBe("up done: 4 created, 0 updated, 0 deleted, 0 replaced, 0 unchanged\n");
    expect(await friendships()).toEqual([...before, "d_ann→d_ben", "d_ben→d_ann"].sort());
    await exec(bin, ["apply", "seed.yaml", "--destroy"], { cwd: dir, env });
    expect(await friendships()).toEqual(before);
  });

  test("on a Node.js older than 22, importing the package fails at once with one line naming the version", () => {
    const older = ["/usr/local/bin/node", "/usr/bin/node"].find((candidate) => {
      try {
        return /^v(1[89]|20|21)\./.test(execFileSync(candidate, ["--version"], { encoding: "utf8" }));
      } catch {
        return false;
      }
    });
    if (!older) return console.warn("no Node.js older than 22 on this machine; skipped");
    const dir = path.join(scratch, "js");
    let stderr = "";
    try {
      execFileSync(older, ["-e", 'require("pulumi-tencent-chat")'], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      stderr = String((error as { stderr?: Buffer }).stderr ?? "");
    }
    expect(stderr).toMatch(/pulumi-tencent-chat needs Node\.js 22 or newer; this is Node\.js 2?\d\./);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  test("the peer range package.json declares starts at the lowest version tested here", () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      peerDependencies: Record<string, string>;
    };
    expect(manifest.peerDependencies["@pulumi/pulumi"]).toBe(`>=${LOWEST_PULUMI} <4`);
  });
});
