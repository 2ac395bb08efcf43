import type { RouterOutputs } from "@govconnect/router";
import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { AccountField } from "../components/account-field.tsx";
import { CodeField, useCodeEntry } from "../components/code-field.tsx";
import { required, useFormProblems } from "../components/error-summary.tsx";
import { go } from "../route.ts";
import { useSession } from "../session.tsx";
import { useTRPC } from "../trpc.ts";

type SignedInAnswer = RouterOutputs["auth"]["loginSecondFactor"];

/** The password was right and the account has two-step verification: the code comes next. */
interface CodeStep {
  readonly pending: string;
}

export function SignIn() {
  const trpc = useTRPC();
  const session = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [step, setStep] = useState<CodeStep | null>(null);
  const login = useMutation(trpc.auth.login.mutationOptions());
  const problems = useFormProblems("signin", login.error);

  const signedIn = async (answer: SignedInAnswer) => {
    await session.signedIn();
    // Staff without two-step verification set it up before anything else. Anyone else stays at
    // the address they came to (a session that ended mid-page), or goes home from the sign-in page.
    if (answer.secondFactorSetupRequired) go("two-step-setup");
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const empty = [
      ...required("username", username, "Enter your username"),
      ...required("password", password, "Enter your password"),
    ];
    if (!problems.check(empty)) return;
    const answer = await login.mutateAsync({ username, password });
    if ("secondFactorRequired" in answer) {
      setStep({ pending: answer.pending });
      return;
    }
    await signedIn(answer);
  };
  const startAgain = () => {
    login.reset();
    setPassword("");
    setStep(null);
  };
  return (
    <section className="card narrow" aria-labelledby="signin-title">
      <h2 id="signin-title">Sign in</h2>
      {step ? (
        <CodeStepForm pending={step.pending} username={username} onSignedIn={signedIn} onStartAgain={startAgain} />
      ) : (
        <>
          {session.notice ? (
            <p className="notice" role="status">
              {session.notice}
            </p>
          ) : null}
          <form onSubmit={(event) => void submit(event).catch(() => undefined)} noValidate>
            {problems.summary}
            <AccountField
              kind="username"
              name="username"
              id={problems.id("username")}
              value={username}
              onChange={(e) => {
                problems.edited("username");
                setUsername(e.target.value);
              }}
              error={problems.of("username")}
              required
            />
            <AccountField
              kind="password"
              name="password"
              id={problems.id("password")}
              value={password}
              onChange={(e) => {
                problems.edited("password");
                setPassword(e.target.value);
              }}
              error={problems.of("password")}
              required
            />
            <button type="submit" disabled={login.isPending}>
              {login.isPending ? "Signing in…" : "Sign in"}
            </button>
          </form>
          <p>
            <a href="#/forgot-password">Forgot your password?</a>
          </p>
          <p>
            No account? <a href="#/register">Register</a>
          </p>
        </>
      )}
    </section>
  );
}

/**
 * The second step of signing in: the code the authenticator app shows (or a recovery code). A
 * wrong code is said next to the field and the step stays; "Start again" goes back to the password.
 */
function CodeStepForm({
  pending,
  username,
  onSignedIn,
  onStartAgain,
}: {
  readonly pending: string;
  readonly username: string;
  readonly onSignedIn: (answer: SignedInAnswer) => Promise<void>;
  readonly onStartAgain: () => void;
}) {
  const trpc = useTRPC();
  const finish = useMutation(trpc.auth.loginSecondFactor.mutationOptions());
  const entry = useCodeEntry(finish.error, true, "signin-code");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = entry.take();
    if (typed === null) return;
    await onSignedIn(await finish.mutateAsync({ pending, code: typed }));
  };
  return (
    <>
      <p>
        Your password is right. <strong>{username}</strong> has two-step verification: open your authenticator app and
        enter the code it shows for GovConnect.
      </p>
      <form onSubmit={(event) => void submit(event).catch(() => undefined)} noValidate>
        {entry.summary}
        <CodeField {...entry.field} recovery focus />
        <div className="actions">
          <button type="submit" disabled={finish.isPending}>
            {finish.isPending ? "Checking…" : "Continue"}
          </button>
          <button type="button" className="secondary" onClick={onStartAgain} disabled={finish.isPending}>
            Start again
          </button>
        </div>
      </form>
    </>
  );
}
