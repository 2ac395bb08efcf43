import { ROLE_LABELS } from "@govconnect/contracts";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Loading } from "./components/states.tsx";
import { EmailBanner } from "./email-banner.tsx";
import { HealthPanel } from "./health-panel.tsx";
import { AcceptInvitation } from "./pages/accept-invitation.tsx";
import { Account } from "./pages/account/index.tsx";
import { Admin } from "./pages/admin.tsx";
import { Alerts } from "./pages/alerts.tsx";
import { Appointments } from "./pages/appointments/index.tsx";
import { Audit } from "./pages/audit.tsx";
import { ForgotPassword } from "./pages/forgot-password.tsx";
import { Outbox } from "./pages/outbox.tsx";
import { Overview } from "./pages/overview.tsx";
import { Register } from "./pages/register.tsx";
import { ResetPassword } from "./pages/reset-password.tsx";
import { Setup, SetupPage } from "./pages/setup.tsx";
import { SignIn } from "./pages/signin.tsx";
import { Tasks } from "./pages/tasks.tsx";
import { TwoStepSetup } from "./pages/two-step/setup.tsx";
import { Users } from "./pages/users/index.tsx";
import { VerifyEmail } from "./pages/verify-email.tsx";
import type { Page } from "./route.ts";
import { LINK_PAGES, useLinkToken, usePage } from "./route.ts";
import { useSession } from "./session.tsx";
import { useTRPC } from "./trpc.ts";

const NAV: ReadonlyArray<{ page: Page; label: string; admin?: boolean }> = [
  { page: "overview", label: "Overview" },
  { page: "appointments", label: "Appointments" },
  { page: "tasks", label: "Tasks" },
  { page: "alerts", label: "Alerts" },
  { page: "outbox", label: "Dev outbox" },
  { page: "admin", label: "Admin", admin: true },
  { page: "users", label: "Users", admin: true },
  { page: "audit", label: "Audit log", admin: true },
  { page: "account", label: "My account" },
];

function Shell({
  children,
  nav,
  banner,
}: {
  readonly children: ReactNode;
  readonly nav?: ReactNode;
  readonly banner?: ReactNode;
}) {
  return (
    <div className="page">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="masthead">
        <span className="logo" aria-hidden="true">
          GC
        </span>
        <div className="brand">
          <h1>GovConnect</h1>
          <p className="tagline">Government services dashboard</p>
        </div>
        {nav}
      </header>
      <main id="main" tabIndex={-1}>
        {banner}
        {children}
      </main>
      <footer className="footer muted">GovConnect · public services, connected</footer>
    </div>
  );
}

/** The pages an emailed link opens, signed in or not; a new link (token) starts the page afresh. */
function LinkPage({ page }: { readonly page: Page }) {
  const token = useLinkToken() ?? "";
  if (page === "verify-email") return <VerifyEmail key={token} />;
  if (page === "reset-password") return <ResetPassword key={token} />;
  if (page === "accept-invitation") return <AcceptInvitation key={token} />;
  return <ForgotPassword />;
}

/** Signed out: sign in or register — or, on a fresh install with no administrator yet, set it up. */
function SignedOut({ page }: { readonly page: Page }) {
  const trpc = useTRPC();
  const setup = useQuery({ ...trpc.auth.setupStatus.queryOptions(), staleTime: 60_000 });
  if (LINK_PAGES.includes(page)) return <LinkPage page={page} />;
  if (page === "setup") return <SetupPage />;
  if (page === "register") return <Register />;
  if (setup.isPending) return <Loading what="GovConnect" />;
  // Should the check fail, the sign-in form is the safe default (and the health panel says why).
  return setup.data?.needed ? <Setup /> : <SignIn />;
}

export function App() {
  const page = usePage();
  const session = useSession();

  if (session.loading) {
    return (
      <Shell>
        <Loading what="your session" />
      </Shell>
    );
  }
  if (!session.me) {
    return (
      <Shell>
        <SignedOut page={page} />
        <HealthPanel />
      </Shell>
    );
  }
  const me = session.me;
  const who = (
    <div className="who">
      <span>
        {me.fullName} <small>({ROLE_LABELS[me.role]})</small>
      </span>
      <button type="button" className="link" onClick={() => void session.signOut()}>
        Sign out
      </button>
    </div>
  );
  if (session.secondFactorSetupRequired) {
    // Staff without two-step verification: until it is set up the session may do nothing else,
    // so the set-up page is all there is (and signing out), whatever the address asks for.
    return (
      <Shell
        nav={
          <nav aria-label="Main" className="nav">
            {who}
          </nav>
        }
      >
        <TwoStepSetup forced />
      </Shell>
    );
  }
  const visible = NAV.filter((item) => !item.admin || me.role === "admin");
  const linkPage = LINK_PAGES.includes(page) || page === "setup" || page === "two-step-setup";
  const current = linkPage || visible.some((item) => item.page === page) ? page : "overview";
  const nav = (
    <nav aria-label="Main" className="nav">
      <ul>
        {visible.map((item) => (
          <li key={item.page}>
            <a href={`#/${item.page}`} aria-current={item.page === current ? "page" : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      {who}
    </nav>
  );
  // The confirmation page says how confirming went, and My account has the reminder in its email
  // card: no second one above them.
  const banner = current === "verify-email" || current === "account" ? null : <EmailBanner me={me} />;
  return (
    <Shell nav={nav} banner={banner}>
      {current === "overview" ? <Overview /> : null}
      {current === "appointments" ? <Appointments /> : null}
      {current === "tasks" ? <Tasks /> : null}
      {current === "alerts" ? <Alerts /> : null}
      {current === "admin" ? <Admin /> : null}
      {current === "users" ? <Users /> : null}
      {current === "outbox" ? <Outbox /> : null}
      {current === "account" ? <Account /> : null}
      {current === "setup" ? <SetupPage /> : null}
      {current === "audit" ? <Audit /> : null}
      {current === "two-step-setup" ? <TwoStepSetup forced={false} /> : null}
      {LINK_PAGES.includes(current) ? <LinkPage page={current} /> : null}
    </Shell>
  );
}
