// A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp dir, a server on 127.0.0.1
// at a free port (fsync off: these runs test concurrency, not crash durability), password login,
// stopped and deleted afterwards. As root it runs the server as `postgres` (or `nobody`), since
// initdb refuses root. Also a CLI: `bun tests/helpers/postgres.ts start|stop DIR`.

import { SQL } from "bun";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresCluster {
  dir: string;
  /** postgres://cfo:PASSWORD@127.0.0.1:PORT/DATABASE */
  url(database?: string): string;
  /** A new empty database, so each test starts from nothing. */
  freshDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const SUPERUSER = "cfo";

/** The folder holding initdb and pg_ctl; undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  const onPath = Bun.which("initdb");
  if (onPath && Bun.which("pg_ctl")) return join(onPath, "..");
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : undefined;
}

/** Says on the console why the PostgreSQL half of a suite does not run; true when it can run. */
export function postgresAvailable(suite: string): boolean {
  if (postgresBinDir()) return true;
  console.warn(`\n*** ${suite}: PostgreSQL tests SKIPPED: initdb/pg_ctl not found (apt-get install postgresql, or run .ci/postgres.sh) ***\n`);
  return false;
}

export async function startCluster(dir = mkdtempSync(join(tmpdir(), "cfo-pg-"))): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed (initdb not found)");
  const owner = serverOwner();
  const password = crypto.randomUUID().replaceAll("-", "");
  const data = join(dir, "data");
  writeFileSync(join(dir, "password"), `${password}\n`);
  if (owner) for (const path of [dir, join(dir, "password")]) chownSync(path, owner.uid, owner.gid);
  const as = owner ? ["runuser", "-u", owner.name, "--"] : [];
  run([...as, join(bin, "initdb"), "-D", data, "-U", SUPERUSER, "--auth=scram-sha-256", `--pwfile=${join(dir, "password")}`, "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  run([...as, join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "server.log"), "-o", settings, "-w", "-t", "30", "start"]);
  writeFileSync(join(dir, "url"), `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres\n`);
  return clusterAt(dir);
}

/** A handle on a cluster that `startCluster` left running in `dir`. */
export function clusterAt(dir: string): PostgresCluster {
  const base = new URL(readFileSync(join(dir, "url"), "utf8").trim());
  let databases = 0;
  const url = (database = "postgres") => Object.assign(new URL(base), { pathname: `/${database}` }).toString();
  return {
    dir,
    url,
    async freshDatabase() {
      const name = `cfo_test_${process.pid}_${++databases}`;
      const admin = new SQL(url(), { max: 1 });
      await admin.unsafe(`CREATE DATABASE ${name}`);
      await admin.close();
      return url(name);
    },
    async stop() {
      const bin = postgresBinDir()!;
      const owner = serverOwner();
      run([...(owner ? ["runuser", "-u", owner.name, "--"] : []), join(bin, "pg_ctl"), "-D", join(dir, "data"), "-m", "immediate", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** initdb refuses root: as root, run the server as `postgres` (Debian's package user) or `nobody`. */
function serverOwner(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const uid = Bun.spawnSync(["id", "-u", name]);
    const gid = Bun.spawnSync(["id", "-g", name]);
    if (uid.exitCode === 0 && gid.exitCode === 0) return { name, uid: Number(uid.stdout.toString()), gid: Number(gid.stdout.toString()) };
  }
  throw new Error("running as root and neither a `postgres` nor a `nobody` user exists to own the test cluster");
}

function run(command: string[]): void {
  const result = Bun.spawnSync(command, { stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`${command.join(" ")} failed (exit ${result.exitCode}): ${result.stderr.toString()}${result.stdout.toString()}`);
}

/** A port on 127.0.0.1 that was free a moment ago (and is closed now: nothing listens on it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

if (import.meta.main) {
  const [command, dir] = process.argv.slice(2);
  if (command === "start" && dir) {
    mkdirSync(dir, { recursive: true });
    process.stdout.write(`${(await startCluster(dir)).url()}\n`);
  } else if (command === "stop" && dir) {
    await clusterAt(dir).stop();
  } else {
    process.stderr.write("usage: bun tests/helpers/postgres.ts start DIR   (prints the server's URL)\n       bun tests/helpers/postgres.ts stop DIR\n");
    process.exit(2);
  }
}
