import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "@govconnect/config";
import { isExplained } from "@govconnect/runtime";
import type { NewAccount } from "./accounts-cli.ts";
import { CliError, createAccount, withDatabase } from "./accounts-cli.ts";
import { readStdin } from "./prompt.ts";

/** One demo account per role, for trying the dashboard locally. Never in production. */
const DEMO_ACCOUNTS: ReadonlyArray<Omit<NewAccount, "password">> = [
  { role: "user", username: "demo_citizen", email: "citizen@demo.govconnect.local", fullName: "Demo Citizen" },
  {
    role: "healthcare_admin",
    username: "demo_health",
    email: "health@demo.govconnect.local",
    fullName: "Demo Healthcare Admin",
  },
  {
    role: "agriculture_admin",
    username: "demo_agri",
    email: "agri@demo.govconnect.local",
    fullName: "Demo Agriculture Admin",
  },
  { role: "admin", username: "demo_admin", email: "admin@demo.govconnect.local", fullName: "Demo Admin" },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "password-stdin": { type: "boolean", default: false } }, strict: true });
  const config = loadConfigOrExit();
  if (config.env === "production") throw new CliError("refusing to create demo accounts with NODE_ENV=production");
  // No password is written in the repository: one is given, or made for this run and shown once.
  const password = values["password-stdin"] ? await readStdin() : `demo-${randomBytes(9).toString("base64url")}`;

  await withDatabase(config, async (database) => {
    for (const account of DEMO_ACCOUNTS) {
      try {
        await createAccount(database, config, { ...account, password });
        console.log(`created ${account.role.padEnd(17)} ${account.username}`);
      } catch (error) {
        if (error instanceof CliError && /taken|already exists/.test(error.message)) {
          console.log(`exists  ${account.role.padEnd(17)} ${account.username} (unchanged)`);
        } else {
          throw error;
        }
      }
    }
  });
  if (!values["password-stdin"]) console.log(`\nPassword of the accounts created now: ${password}`);
}

main().catch((error: unknown) => {
  const known = error instanceof CliError || isExplained(error);
  console.error(`db:seed:dev: ${known && error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
