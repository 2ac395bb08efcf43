import type { ReactNode } from "react";
import { Loading } from "./components/states.tsx";
import { HealthPanel } from "./health-panel.tsx";
import { Admin } from "./pages/admin.tsx";
import { Alerts } from "./pages/alerts.tsx";
import { Appointments } from "./pages/appointments/index.tsx";
import { Outbox } from "./pages/outbox.tsx";
import { Overview } from "./pages/overview.tsx";
import { Register } from "./pages/register.tsx";
import { SignIn } from "./pages/signin.tsx";
import { Tasks } from "./pages/tasks.tsx";
import type { Page } from "./route.ts";
import { usePage } from "./route.ts";
import { useSession } from "./session.tsx";

const NAV: ReadonlyArray<{ page: Page; label: string; admin?: boolean }> = [
  { page: "overview", label: "Overview" },
  { page: "appointments", label: "Appointments" },
  { page: "tasks", label: "Tasks" },
  { page: "alerts", label: "Alerts" },
  { page: "outbox", label: "Dev outbox" },
  { page: "admin", label: "Admin", admin: true },
];

function Shell({ children, nav }: { readonly children: ReactNode; readonly nav?: ReactNode }) {
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
        {children}
      </main>
      <footer className="footer muted">GovConnect · public services, connected</footer>
    </div>
  );
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
        {page === "register" ? <Register /> : <SignIn />}
        <HealthPanel />
      </Shell>
    );
  }
  const me = session.me;
  const visible = NAV.filter((item) => !item.admin || me.role === "admin");
  const current = visible.some((item) => item.page === page) ? page : "overview";
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
      <div className="who">
        <span>
          {me.fullName} <small>({me.role.replace("_", " ")})</small>
        </span>
        <button type="button" className="link" onClick={() => void session.signOut()}>
          Sign out
        </button>
      </div>
    </nav>
  );
  return (
    <Shell nav={nav}>
      {current === "overview" ? <Overview /> : null}
      {current === "appointments" ? <Appointments /> : null}
      {current === "tasks" ? <Tasks /> : null}
      {current === "alerts" ? <Alerts /> : null}
      {current === "admin" ? <Admin /> : null}
      {current === "outbox" ? <Outbox /> : null}
    </Shell>
  );
}
