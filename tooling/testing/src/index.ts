export { eventually } from "./eventually.ts";
export {
  type FakeResend,
  type Misbehaviour,
  type ReceivedResendCall,
  type ResendCounts,
  type ResendDelivery,
  type ResendOutcome,
  startFakeResend,
} from "./fake-resend.ts";
export type { TestDatabaseKind } from "./global-setup.ts";
export { type Finished, type NodeScriptOptions, REPO_ROOT, type RunningProcess, runNodeScript } from "./process.ts";
export { createDatabase, freePort, type RunningServer, startPostgres, startRedis } from "./servers.ts";
export { selfSignedCertificate } from "./tls.ts";
