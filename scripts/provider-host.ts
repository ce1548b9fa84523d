/**
 * Drives the Pulumi SDK's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, the program behind
 * `pulumi-resource-pulumi-nodejs`) over its gRPC protocol, the way the engine does, so provider tests run the real
 * deserialization (`__provider` through require-from-string), the real Struct marshalling and the real error mapping.
 *
 * Facts read from the host's source (SDK 3.270):
 * - It needs one argument, the engine address, but only checks that it is present: nothing connects to it (its
 *   logging goes to stdout/stderr). So no fake Engine server is needed; we pass an address nobody listens on.
 * - It prints its gRPC port on the first line of stdout, then serves ResourceProvider.
 * - Configure stores the config (secrets unwrapped) and answers acceptSecrets=false, so the engine strips secrets from
 *   everything it sends afterwards: we send plain values to Check/Diff/Create/Read/Update/Delete.
 * - It caches one provider per distinct `__provider` text and calls `configure` on first use.
 * - Create/Update errors carrying `id` come back as ErrorResourceInitFailed in `grpc-status-details-bin`.
 * - It resolves `require`s of the serialized text from its working directory, so it runs in a directory whose
 *   node_modules hold the installed package (helpers/consumer), as in a user's project.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";

const repoRoot = path.resolve(__dirname, "..");
const consumerDir = path.join(__dirname, "provider-scope");
const hostScript = path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");

/** The SDK's marker for a secret value inside a Struct (runtime/rpc.ts `specialSecretSig`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The SDK's placeholder for a value not known during preview (`runtime.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const FRIEND_RELATION_TYPE = "pulumi-nodejs:dynamic/tencent-chat:FriendRelation";

export type Props = Record<string, unknown>;

/** A config value the engine sends as a secret (wrapped in the SDK's secret signature). */
export function secretValue(value: string): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** One Log call the host made to the engine. */
export interface EngineLogEntry {
  severity: number;
  message: string;
  urn: string;
  ephemeral: boolean;
}

export interface CheckResponse {
  inputs: Props;
  failures: Array<{ property: string; reason: string }>;
}

export interface DiffResponse {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Property path → the kind of change (ADD, UPDATE, DELETE_REPLACE, …), when the provider named them. */
  detailedDiff?: Record<string, string | undefined>;
}

/** A failed RPC: gRPC status, message, and for a create/update that half-succeeded the resource the engine records. */
export class HostCallError extends Error {
  constructor(
    readonly method: string,
    readonly grpcCode: number,
    readonly details: string,
    readonly initFailed?: { id: string; properties: Props; reasons: string[] },
  ) {
    super(`${method} failed (gRPC ${grpcCode}): ${details}`);
    this.name = "HostCallError";
  }
}

export interface ProviderHostOptions {
  /** The `__provider` text (see serialize-provider.ts). */
  providerText: string;
  /** Environment of the host process. Default: this process's PATH and HOME only, so TENCENT_CHAT_* never leak in. */
  env?: Record<string, string | undefined>;
  /** Working directory of the host (the engine uses the Pulumi project's directory). Default: the repository root. */
  cwd?: string;
}

function toStruct(value: Props): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

function fromStruct(value: Struct | undefined): Props {
  return (value?.toJavaScript() ?? {}) as Props;
}

/** One running host process and a gRPC client connected to it. */
export class ProviderHost {
  private output = "";
  private exited = false;
  private engineStopped = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
    readonly providerText: string,
    private readonly engine: grpc.Server,
    /** What the host sent to the engine's Log call: status lines and diagnostics. */
    readonly engineLog: EngineLogEntry[],
  ) {
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    child.on("exit", () => (this.exited = true));
  }

  static async start(options: ProviderHostOptions): Promise<ProviderHost> {
    const env = options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME };
    // The engine's address the host is started with: an Engine service that records Log calls, standing for the
    // engine while this host lives.
    const engineLog: EngineLogEntry[] = [];
    const engine = new grpc.Server();
    engine.addService(enginerpc.EngineService, {
      log(call: grpc.ServerUnaryCall<engineproto.LogRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
        const req = call.request;
        engineLog.push({
          severity: req.getSeverity(),
          message: req.getMessage(),
          urn: req.getUrn(),
          ephemeral: req.getEphemeral(),
        });
        callback(null, new Empty());
      },
    } as unknown as grpc.UntypedServiceImplementation);
    const enginePort = await new Promise<number>((resolve, reject) =>
      engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    const child = spawn(process.execPath, [hostScript, `127.0.0.1:${enginePort}`], {
      cwd: options.cwd ?? consumerDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let early = "";
    const port = await new Promise<number>((resolve, reject) => {
      let buffered = "";
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString();
        const newline = buffered.indexOf("\n");
        if (newline >= 0) {
          child.stdout?.off("data", onData);
          resolve(Number(buffered.slice(0, newline).trim()));
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (chunk: Buffer) => (early += chunk.toString()));
      child.on("exit", (code) =>
        reject(new Error(`dynamic-provider host exited with ${code} before serving: ${early}`)),
      );
      child.on("error", reject);
    });
    // The engine (grpc-go) accepts up to 16 MiB of response metadata, where grpc-js stops at 8 KiB by default.
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_metadata_size": 16 * 1024 * 1024,
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
    const host = new ProviderHost(child, client, options.providerText, engine, engineLog);
    host.output = early;
    return host;
  }

  /** Everything the host printed on stdout and stderr since it started. */
  get log(): string {
    return this.output;
  }

  /**
   * The host finds the provider in `__provider`: this host's text unless the properties name another (a second kind).
   */
  private withProvider(props: Props): Props {
    return { __provider: this.providerText, ...props };
  }

  private call<Req, Res>(
    method: string,
    invoke: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => void,
    req: Req,
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      invoke(req, (err, res) => {
        if (err) reject(toHostCallError(method, err));
        else resolve(res);
      });
    });
  }

  /** Configure with the whole stack config (`ns:key` → value; wrap secrets with `secretValue`). */
  async configure(config: Record<string, string | Props>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(toStruct(config as Props));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    await this.call("Configure", this.client.configure.bind(this.client), req);
  }

  async check(
    olds: Props,
    news: Props,
    urn = "urn:pulumi:test::test::" + FRIEND_RELATION_TYPE + "::r",
  ): Promise<CheckResponse> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(this.withProvider(news)));
    const res = await this.call<provproto.CheckRequest, provproto.CheckResponse>(
      "Check",
      this.client.check.bind(this.client),
      req,
    );
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, olds: Props, news: Props): Promise<DiffResponse> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setOlds(toStruct(this.withProvider(olds)));
    req.setNews(toStruct(this.withProvider(news)));
    const res = await this.call<provproto.DiffRequest, provproto.DiffResponse>(
      "Diff",
      this.client.diff.bind(this.client),
      req,
    );
    const kinds = provproto.DiffResponse.DiffChanges;
    const changes =
      res.getChanges() === kinds.DIFF_SOME ? "some" : res.getChanges() === kinds.DIFF_NONE ? "none" : "unknown";
    const kinds2 = provproto.PropertyDiff.Kind;
    const kindName = (k: number) => Object.keys(kinds2).find((name) => kinds2[name as keyof typeof kinds2] === k);
    let detailedDiff: Record<string, string | undefined> | undefined;
    if (res.getHasdetaileddiff()) {
      const entries: Array<[string, string | undefined]> = [];
      res.getDetaileddiffMap().forEach((diff, key) => entries.push([key, kindName(diff.getKind())]));
      detailedDiff = Object.fromEntries(entries);
    }
    return {
      changes,
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      ...(detailedDiff ? { detailedDiff } : {}),
    };
  }

  async create(props: Props, urn = "urn:pulumi:test::test::resource::r"): Promise<{ id: string; properties: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(this.withProvider(props)));
    const res = await this.call<provproto.CreateRequest, provproto.CreateResponse>(
      "Create",
      this.client.create.bind(this.client),
      req,
    );
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  /**
   * Read as on refresh (`properties` = recorded outputs), or with only an id as the `import` option would: then the
   * properties carry nothing but `__provider`, which the host needs to find the provider at all.
   */
  async read(
    id: string,
    properties: Props = {},
    inputs?: Props,
  ): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setProperties(toStruct(this.withProvider(properties)));
    if (inputs) req.setInputs(toStruct(this.withProvider(inputs)));
    const res = await this.call<provproto.ReadRequest, provproto.ReadResponse>(
      "Read",
      this.client.read.bind(this.client),
      req,
    );
    return {
      id: res.getId(),
      properties: fromStruct(res.getProperties()),
      inputs: res.hasInputs() ? fromStruct(res.getInputs()) : undefined,
    };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setOlds(toStruct(this.withProvider(olds)));
    req.setNews(toStruct(this.withProvider(news)));
    const res = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>(
      "Update",
      this.client.update.bind(this.client),
      req,
    );
    return { properties: fromStruct(res.getProperties()) };
  }

  async delete(id: string, properties: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    // Delete sends the recorded outputs as they are: they carry the __provider the resource was created with.
    req.setProperties(toStruct(properties.__provider === undefined ? this.withProvider(properties) : properties));
    await this.call("Delete", this.client.delete.bind(this.client), req);
  }

  async close(): Promise<void> {
    this.client.close();
    if (!this.exited) {
      await new Promise<void>((resolve) => {
        this.child.once("exit", () => resolve());
        this.child.kill("SIGTERM");
      });
    }
    await this.stopEngine();
  }

  /** Stops answering at the engine's address, as an engine that exited; the host should then exit on its own. */
  async stopEngine(): Promise<void> {
    if (this.engineStopped) return;
    this.engineStopped = true;
    this.engine.forceShutdown();
  }

  /** Resolves with the host's exit code once it exits. */
  exitCode(): Promise<number | null> {
    if (this.exited) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }
}

function toHostCallError(method: string, err: grpc.ServiceError): HostCallError {
  const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
  let initFailed: HostCallError["initFailed"];
  if (raw) {
    const status = statusproto.Status.deserializeBinary(new Uint8Array(raw as Buffer));
    for (const detail of status.getDetailsList()) {
      if (detail.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
        const init = provproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
        initFailed = { id: init.getId(), properties: fromStruct(init.getProperties()), reasons: init.getReasonsList() };
      }
    }
  }
  return new HostCallError(method, err.code, err.details, initFailed);
}

/** A resource as the engine records it: id, inputs (after check) and outputs. */
export interface ResourceState {
  id: string;
  inputs: Props;
  outputs: Props;
}

export class CheckFailedError extends Error {
  constructor(readonly failures: CheckResponse["failures"]) {
    super(`check failed: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    this.name = "CheckFailedError";
  }
}

/**
 * The engine's sequence of provider calls for one resource, over a ProviderHost: what `pulumi up`, `refresh` and
 * `destroy` send (Check before Create/Update, Diff with the OLD OUTPUTS against the checked new inputs, replacement
 * as delete-then-create when the diff asks for deleteBeforeReplace).
 */
export class Engine {
  constructor(readonly host: ProviderHost) {}

  async create(inputs: Props): Promise<ResourceState> {
    const checked = await this.host.check({}, inputs);
    if (checked.failures.length > 0) throw new CheckFailedError(checked.failures);
    const created = await this.host.create(checked.inputs);
    return { id: created.id, inputs: checked.inputs, outputs: created.properties };
  }

  /** `pulumi up` for an existing resource; returns the new state and what the diff said. */
  async up(state: ResourceState, inputs: Props): Promise<{ state: ResourceState; diff: DiffResponse }> {
    const checked = await this.host.check(state.inputs, inputs);
    if (checked.failures.length > 0) throw new CheckFailedError(checked.failures);
    const diff = await this.host.diff(state.id, state.outputs, checked.inputs);
    if (diff.changes === "none") return { state: { ...state, inputs: checked.inputs }, diff };
    if (diff.replaces.length > 0) {
      if (!diff.deleteBeforeReplace) throw new Error("this engine model only replaces delete-before-replace");
      await this.host.delete(state.id, state.outputs);
      const created = await this.host.create(checked.inputs);
      return { state: { id: created.id, inputs: checked.inputs, outputs: created.properties }, diff };
    }
    const updated = await this.host.update(state.id, state.outputs, checked.inputs);
    return { state: { id: state.id, inputs: checked.inputs, outputs: updated.properties }, diff };
  }

  /** `pulumi refresh`: undefined when the resource is gone. */
  async refresh(state: ResourceState): Promise<ResourceState | undefined> {
    const read = await this.host.read(state.id, state.outputs, state.inputs);
    if (!read.id) return undefined;
    return { id: read.id, outputs: read.properties, inputs: read.inputs ?? state.inputs };
  }

  async destroy(state: ResourceState): Promise<void> {
    await this.host.delete(state.id, state.outputs);
  }
}

/** Stack config for a provider talking to the given emulator (the secret key sent as a secret, as the engine does). */
export function stackConfigFor(settings: {
  endpoint: string;
  sdkAppId: number;
  adminIdentifier: string;
  secretKey: string;
}): Record<string, string | Props> {
  return {
    "tencent-chat:sdkAppId": String(settings.sdkAppId),
    "tencent-chat:adminIdentifier": settings.adminIdentifier,
    "tencent-chat:secretKey": secretValue(settings.secretKey),
    "tencent-chat:endpoint": settings.endpoint,
  };
}
