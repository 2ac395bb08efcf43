import { parseArgs } from "node:util";
import { loadConfigOrExit } from "@govconnect/config";
import { USER_ROLES } from "@govconnect/db";
import { isExplained } from "@govconnect/runtime";
import { CliError, createAccount, withDatabase } from "./accounts-cli.ts";
import { promptHidden, readStdin } from "./prompt.ts";

const USAGE = `Creates a GovConnect account of any role (the API itself only creates "user" accounts).

Usage: pnpm user:create --role <role> --username <name> --email <address> --full-name "<name>" [--password-stdin]

  --role            ${USER_ROLES.join(" | ")}
  --password-stdin  read the password from standard input (scripts); otherwise it is asked for twice

Example: printf '%s' "$ADMIN_PASSWORD" | pnpm user:create --role admin --username alice --email alice@agency.gov --full-name "Alice Admin" --password-stdin`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      username: { type: "string" },
      email: { type: "string" },
      "full-name": { type: "string" },
      "password-stdin": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const missing = ["role", "username", "email", "full-name"].filter((name) => !values[name as keyof typeof values]);
  if (missing.length > 0) throw new CliError(`missing ${missing.map((m) => `--${m}`).join(", ")} (see --help)`);

  const config = loadConfigOrExit();
  // The database first: if it cannot be opened, the operator learns it before typing a password.
  const user = await withDatabase(config, async (database) =>
    createAccount(database, config, {
      role: values.role ?? "",
      username: values.username ?? "",
      email: values.email ?? "",
      fullName: values["full-name"] ?? "",
      password: await readPassword(values["password-stdin"] === true),
    }),
  );
  console.log(`Created ${user.role} account "${user.username}" <${user.email}> (id ${user.id}).`);
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdin();
  const password = await promptHidden("Password: ");
  if ((await promptHidden("Password again: ")) !== password) throw new CliError("the two passwords differ");
  return password;
}

main().catch((error: unknown) => {
  // Our own errors and parseArgs' (a TypeError with an ERR_PARSE_ARGS code) are for the operator; others are bugs.
  const known = error instanceof CliError || isExplained(error) || (error instanceof TypeError && "code" in error);
  console.error(`user:create: ${known && error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
