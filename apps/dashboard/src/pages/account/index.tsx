import { ROLE_LABELS } from "@govconnect/contracts";
import { useSession } from "../../session.tsx";
import { EmailForm, NameForm, PasswordForm } from "./profile.tsx";
import { SecurityActivity } from "./security-activity.tsx";
import { Sessions } from "./sessions.tsx";
import { TwoStepCard } from "./two-step.tsx";

/**
 * My account: name, email address, password, two-step verification, the devices signed in and the
 * account's recent security activity. Every signed-in user has it.
 */
export function Account() {
  const { me } = useSession();
  if (!me) return null;
  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">My account</h2>
      <p className="muted">
        Signed in as <strong>{me.username}</strong> · {ROLE_LABELS[me.role]}
      </p>
      <NameForm me={me} />
      <EmailForm me={me} />
      <PasswordForm />
      <TwoStepCard />
      <Sessions />
      <SecurityActivity />
    </section>
  );
}
