import { ROLE_LABELS } from "@govconnect/contracts";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useEffect, useRef, useState } from "react";
import { Loading } from "./components/states.tsx";
import { EmailBanner } from "./email-banner.tsx";
import { errorMessage, isRateLimited, retryAfterSeconds, waitInWords } from "./messages.ts";
import { homeOf, mayOpen, NAV, PAGE_TITLES, SIGNED_OUT_PAGES } from "./navigation.ts";
import { AcceptInvitation } from "./pages/accept-invitation.tsx";
import { Account } from "./pages/account/index.tsx";
import { Admin } from "./pages/admin.tsx";
import { Alerts } from "./pages/alerts.tsx";
import { AppointmentDetail } from "./pages/appointments/appointment-detail.tsx";
import { BookAppointment } from "./pages/appointments/book.tsx";
import { Booked } from "./pages/appointments/booked.tsx";
import { MyAppointments } from "./pages/appointments/my-appointments.tsx";
import { Audit } from "./pages/audit.tsx";
import { Developer } from "./pages/developer/index.tsx";
import { ForgotPassword } from "./pages/forgot-password.tsx";
import { Outbox } from "./pages/outbox.tsx";
import { Overview } from "./pages/overview.tsx";
import { Register } from "./pages/register.tsx";
import { Requests } from "./pages/requests.tsx";
import { ResetPassword } from "./pages/reset-password.tsx";
import { SectorPage } from "./pages/sector/index.tsx";
import { Setup, SetupPage } from "./pages/setup.tsx";
import { SignIn } from "./pages/signin.tsx";
import { ServiceStatus } from "./pages/status.tsx";
import { TwoStepSetup } from "./pages/two-step/setup.tsx";
import { Users } from "./pages/users/index.tsx";
import { VerifyEmail } from "./pages/verify-email.tsx";
import { WorkQueue } from "./pages/work-queue/index.tsx";
import type { Page } from "./route.ts";
import { href, LINK_PAGES, replaceWith, useLinkToken, usePage } from "./route.ts";
import { useSession } from "./session.tsx";
import { usePageTitle } from "./title.ts";
import { useTRPC } from "./trpc.ts";

/**
 * After the person moves to another page, the focus goes to the new page's heading, as a full page
 * load would put a screen reader at the top: the heading then says where they are. Only moves they
 * made (a key or a pointer was used first): a fresh load, or its redirect to the home page, leaves
 * the focus at the top, where the skip link is the first stop.
 */
function useFocusOnNavigate() {
  const [moves, setMoves] = useState(0);
  useEffect(() => {
    let interacted = false;
    const mark = () => {
      interacted = true;
    };
    const moved = () => {
      if (interacted) setMoves((count) => count + 1);
    };
    window.addEventListener("keydown", mark, true);
    window.addEventListener("pointerdown", mark, true);
    window.addEventListener("hashchange", moved);
    return () => {
      window.removeEventListener("keydown", mark, true);
      window.removeEventListener("pointerdown", mark, true);
      window.removeEventListener("hashchange", moved);
    };
  }, []);
  useEffect(() => {
    if (moves === 0) return;
    // The new page has rendered with this state; its heading may still be on its way (a step
    // that renders after a query): one frame later it is there, or the main area takes the focus.
    const frame = requestAnimationFrame(() => {
      const heading = document.querySelector<HTMLElement>("main .page-body h2");
      const target = heading ?? document.getElementById("main");
      if (!target) return;
      if (heading && !heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      target.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [moves]);
}

function Shell({
  title,
  children,
  nav,
  banner,
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly nav?: ReactNode;
  readonly banner?: ReactNode;
}) {
  usePageTitle(title);
  useFocusOnNavigate();
  const main = useRef<HTMLElement>(null);
  return (
    <div className="page">
      {/* biome-ignore lint/a11y/useValidAnchor: a real link to #main (it works without script), followed by script so the hash router's address, the reload and Back stay as they were */}
      <a
        className="skip"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
          main.current?.scrollIntoView();
        }}
      >
        Skip to main content
      </a>
      <header className="masthead">
        <span className="logo" aria-hidden="true">
          GC
        </span>
        <div className="brand">
          <h1>GovConnect</h1>
          <p className="tagline">Government services</p>
        </div>
        {nav}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {banner}
        <div className="page-body">{children}</div>
      </main>
      <footer className="footer muted">
        GovConnect · public services, connected · <a href={href("status")}>Service status</a>
      </footer>
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
function SignedOut({ page }: { readonly page: Page | null }) {
  const trpc = useTRPC();
  const setup = useQuery({ ...trpc.auth.setupStatus.queryOptions(), staleTime: 60_000 });
  if (page && LINK_PAGES.includes(page)) return <LinkPage page={page} />;
  if (page === "setup") return <SetupPage />;
  if (page === "register") return <Register />;
  if (page === "status") return <ServiceStatus />;
  if (setup.isPending) return <Loading what="GovConnect" />;
  // Should the check fail, the sign-in form is the safe default.
  return setup.data?.needed ? <Setup /> : <SignIn />;
}

/** What a signed-out visitor's page is called: sign-in stands in for every page that needs an account. */
function signedOutTitle(page: Page | null): string {
  if (page && (LINK_PAGES.includes(page) || page === "setup" || page === "register" || page === "status")) {
    return PAGE_TITLES[page];
  }
  return PAGE_TITLES.signin;
}

/**
 * The session check could not answer (rate limited, offline): not a reason to look signed out.
 * A rate-limited check is tried again by itself once the limit allows.
 */
function SessionProblem({ problem }: { readonly problem: unknown }) {
  const wait = retryAfterSeconds(problem);
  return (
    <section aria-labelledby="problem-title">
      <h2 id="problem-title">{isRateLimited(problem) ? "Please wait a moment" : "GovConnect could not be reached"}</h2>
      <div className="notice" role="status">
        {isRateLimited(problem) ? (
          <p>
            GovConnect has had a lot of requests from this browser in a short time. You are still signed in: this page
            tries again by itself{wait ? ` in ${waitInWords(wait)}` : " in a minute"}.
          </p>
        ) : (
          <p>{errorMessage(problem)}</p>
        )}
      </div>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again now
        </button>
      </p>
    </section>
  );
}

function NoAccess({ home, homeLabel }: { readonly home: Page; readonly homeLabel: string }) {
  return (
    <section aria-labelledby="no-access-title">
      <h2 id="no-access-title">You do not have access to this page</h2>
      <p>Your account cannot open this page. If you think it should, ask an administrator.</p>
      <p>
        <a href={href(home)}>Go to {homeLabel}</a>
      </p>
    </section>
  );
}

/** The page itself, once the role may open it. */
function SignedInPage({ page }: { readonly page: Page }) {
  switch (page) {
    case "appointments":
      return <MyAppointments />;
    case "book":
      return <BookAppointment />;
    case "booked":
      return <Booked />;
    case "appointment":
      return <AppointmentDetail />;
    case "requests":
      return <Requests />;
    case "work-queue":
      return <WorkQueue />;
    case "sector":
      return <SectorPage />;
    case "overview":
      return <Overview />;
    case "alerts":
      return <Alerts />;
    case "admin":
      return <Admin />;
    case "users":
      return <Users />;
    case "audit":
      return <Audit />;
    case "developer":
      return <Developer />;
    case "outbox":
      return <Outbox />;
    case "account":
      return <Account />;
    case "setup":
      return <SetupPage />;
    case "status":
      return <ServiceStatus />;
    case "two-step-setup":
      return <TwoStepSetup forced={false} />;
    default:
      return LINK_PAGES.includes(page) ? <LinkPage page={page} /> : null;
  }
}

export function App() {
  const page = usePage();
  const session = useSession();
  const me = session.me;
  // Signed in on the sign-in page (just now), or at an address naming no page: the role's home.
  const goHome =
    me !== null && !session.secondFactorSetupRequired && (page === null || SIGNED_OUT_PAGES.includes(page));
  useEffect(() => {
    if (goHome && me) replaceWith(homeOf(me.role));
  }, [goHome, me]);

  if (session.loading) {
    return (
      <Shell title="Loading">
        <Loading what="your session" />
      </Shell>
    );
  }
  if (!me && session.problem) {
    return (
      <Shell title={isRateLimited(session.problem) ? "Please wait a moment" : "GovConnect could not be reached"}>
        <SessionProblem problem={session.problem} />
      </Shell>
    );
  }
  if (!me) {
    return (
      <Shell title={signedOutTitle(page)}>
        <SignedOut page={page} />
      </Shell>
    );
  }
  const who = (
    <div className="who">
      <span>
        {me.fullName} <small>({ROLE_LABELS[me.role]})</small>
      </span>
      <button
        type="button"
        className="signout"
        // Signing out on purpose ends where it started: signing in again goes home, not back here
        // (only a session that ended by itself returns to its page).
        onClick={() =>
          void session.signOut().then(
            () => replaceWith("signin"),
            () => undefined,
          )
        }
      >
        Sign out
      </button>
    </div>
  );
  if (session.secondFactorSetupRequired) {
    // Staff without two-step verification: until it is set up the session may do nothing else,
    // so the set-up page is all there is (and signing out), whatever the address asks for.
    return (
      <Shell
        title={PAGE_TITLES["two-step-setup"]}
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
  const items = NAV[me.role];
  const home = homeOf(me.role);
  const shown: Page = goHome || page === null ? home : page;
  const allowed = mayOpen(me.role, shown);
  const nav = (
    <nav aria-label="Main" className="nav">
      <ul>
        {items.map((item) => (
          <li key={item.page}>
            <a href={href(item.page)} aria-current={item.page === shown ? "page" : undefined}>
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
  const banner = shown === "verify-email" || shown === "account" ? null : <EmailBanner me={me} />;
  return (
    <Shell title={allowed ? PAGE_TITLES[shown] : "You do not have access to this page"} nav={nav} banner={banner}>
      {allowed ? (
        <SignedInPage page={shown} />
      ) : (
        <NoAccess home={home} homeLabel={items[0]?.label ?? PAGE_TITLES[home]} />
      )}
    </Shell>
  );
}
