// azl aks command invoke|result: run command as az 2.45's acs module does it (aks_runcommand,
// aks_command_result): the cluster is read first; --file attaches files (each by its base name, or
// "." for the current folder with its relative paths) as a base64 zip in `context`; the POST is
// followed to its result; without -o the result is printed as az prints it ("command started at
// ..., finished at ... with exitcode=N" then the logs), with -o the RunCommandResult model.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { CliError } from "../errors.js";
import { arg, type CommandContext, type CommandSpec, type GroupSpec } from "../spec.js";
import { AKS_API, clusterPath, must, str } from "./shared.js";

export const RUN_COMMAND_GROUPS: GroupSpec[] = [{ path: ["aks", "command"], summary: "See detail usage in 'az aks command invoke', 'az aks command result'." }];

type RunCommandResult = { id?: string; properties?: { provisioningState?: string; exitCode?: number; startedAt?: string; finishedAt?: string; logs?: string; reason?: string } };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A stored zip (Python's zipfile default, ZIP_STORED) of `files` (entry name → content). */
function storedZip(files: ReadonlyArray<readonly [string, Buffer]>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const crc = crc32(data);
    const head = (sig: number, size: number) => {
      const h = Buffer.alloc(size);
      h.writeUInt32LE(sig, 0);
      return h;
    };
    const lh = head(0x04034b50, 30);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = head(0x02014b50, 46);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    parts.push(lh, n, data);
    central.push(ch, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** Python's base64.encodebytes: lines of 76 characters, each ending in a newline. */
const encodebytes = (b: Buffer) => (b.toString("base64").match(/.{1,76}/g) ?? []).map((l) => `${l}\n`).join("");

/** az's _get_command_context: "" without files; "." the current folder; else each file by its base name. */
function commandContext(ctx: CommandContext, files: readonly string[]): string {
  if (files.length === 0) return "";
  const entries: [string, Buffer][] = [];
  if (files.length === 1 && files[0] === ".") {
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) entries.push([join(relative(ctx.cwd, dir) || ".", e.name).replace(/^\.\//, ""), readFileSync(p)]);
      }
    };
    walk(ctx.cwd);
  } else {
    for (const f of files) {
      if (f === ".") throw new CliError("client", ". is used to attach current folder, not expecting other attachements.");
      const p = resolve(ctx.cwd, f);
      let isFile = false;
      try {
        isFile = statSync(p).isFile();
      } catch {
        isFile = false;
      }
      if (!isFile) throw new CliError("client", `${f} is not valid file, or not accessable.`);
      entries.push([basename(f), readFileSync(p)]);
    }
  }
  return entries.length === 0 ? "" : encodebytes(storedZip(entries));
}

/** Python's str(datetime) of an aware UTC time, as az prints it: "2022-09-07 14:35:03+00:00". */
const pyTime = (iso: string | undefined) => (iso === undefined ? "None" : iso.replace("T", " ").replace(/\.\d+/, "").replace(/Z$/, "+00:00"));

/** The model az returns with -o: the SDK's RunCommandResult, flattened, times as ISO with an offset. */
function model(r: RunCommandResult): Record<string, unknown> {
  const p = r.properties ?? {};
  const iso = (t: string | undefined) => (t === undefined ? null : t.replace(/\.\d+/, "").replace(/Z$/, "+00:00"));
  return { exitCode: p.exitCode ?? null, finishedAt: iso(p.finishedAt), id: r.id ?? null, logs: p.logs ?? null, provisioningState: p.provisioningState ?? null, reason: p.reason ?? null, startedAt: iso(p.startedAt) };
}

/** az's _print_command_result: the object when -o was given; else its own lines. */
function printResult(ctx: CommandContext, r: RunCommandResult): unknown {
  if (ctx.typed("-o", "--output")) return model(r);
  const p = r.properties ?? {};
  if (p.provisioningState === "Succeeded") ctx.stdout(`command started at ${pyTime(p.startedAt)}, finished at ${pyTime(p.finishedAt)} with exitcode=${p.exitCode ?? "None"}\n${p.logs ?? "None"}\n`);
  else if (p.provisioningState === "Failed") ctx.stdout(`command failed with reason: ${p.reason ?? "None"}\n`);
  else ctx.stdout(`command is in ${p.provisioningState ?? "None"} state\n`);
  return undefined;
}

/** az's _aks_command_result_in_progess_helper: what a command still running says. */
async function inProgress(ctx: CommandContext, rg: string, name: string, id: string): Promise<undefined> {
  const res = await ctx.client().call<RunCommandResult | undefined>("GET", `${clusterPath(ctx, rg, name)}/commandResults/${id}`, { apiVersion: AKS_API });
  const body = res.status === 200 ? res.body : undefined;
  if (body && typeof body === "object") {
    ctx.stdout(`command id: ${id}, started at: ${body.properties?.startedAt ?? "None"}, status: ${body.properties?.provisioningState ?? "None"}\n`);
    ctx.stdout(`Please use command "az aks command result -g ${rg} -n ${name} -i ${id}" to get the future execution result\n`);
  } else ctx.stdout(`failed to fetch command result for command id: ${id}\n`);
  return undefined;
}

export const RUN_COMMAND_COMMANDS: CommandSpec[] = [
  {
    path: ["aks", "command", "invoke"],
    summary: "Run a shell command (with kubectl, helm) on your aks cluster, support attaching files as well.",
    longRunning: true,
    args: [
      arg.resourceGroup(),
      arg.clusterName(),
      { name: "command", short: "c", help: "The command to run." },
      { name: "file", short: "f", help: "Attach any files the command may use, or use '.' to upload the current folder.", repeat: true },
    ],
    examples: [{ summary: "Run kubectl in the cluster, with a file attached", command: "azl aks command invoke -g MyResourceGroup -n MyManagedCluster -c \"kubectl apply -f deployment.yaml\" -f deployment.yaml" }],
    async run(ctx, args) {
      const rg = must(args, "resource-group");
      const name = must(args, "name");
      const path = clusterPath(ctx, rg, name);
      const client = ctx.client();
      await client.call("GET", path, { apiVersion: AKS_API });
      const command = str(args, "command") ?? "";
      if (!command) throw new CliError("client", "Command cannot be empty.");
      const files = (str(args, "file") ?? "").split("\n").filter((f) => f !== "");
      const initial = await client.call("POST", `${path}/runCommand`, { apiVersion: AKS_API, body: { command, context: commandContext(ctx, files) } });
      const location = String(initial.headers["location"] ?? "");
      if (args["no-wait"]) {
        const id = /commandResults\/(\w*)\?/.exec(location)?.[1] ?? "";
        return inProgress(ctx, rg, name, id);
      }
      const result = initial.status === 202 ? ((await client.wait(initial, "Running command")) as RunCommandResult) : (initial.body as RunCommandResult);
      return printResult(ctx, result);
    },
  },
  {
    path: ["aks", "command", "result"],
    summary: "Fetch result from previously triggered 'aks command invoke'.",
    args: [arg.resourceGroup(), arg.clusterName(), { name: "command-id", short: "i", help: "The command ID from \"aks command invoke\"." }],
    async run(ctx, args) {
      const rg = must(args, "resource-group");
      const name = must(args, "name");
      const id = str(args, "command-id") ?? "";
      if (!id) throw new CliError("client", "CommandID cannot be empty.");
      const res = await ctx.client().call<RunCommandResult | undefined>("GET", `${clusterPath(ctx, rg, name)}/commandResults/${id}`, { apiVersion: AKS_API });
      if (res.status === 202) return inProgress(ctx, rg, name, id);
      return printResult(ctx, res.body ?? {});
    },
  },
];
