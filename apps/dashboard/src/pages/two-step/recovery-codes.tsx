import { useId, useState } from "react";
import { useSession } from "../../session.tsx";

/** The text file "Download as a text file" saves: the codes, and what they are for. */
function codesFile(username: string, codes: readonly string[]): string {
  return [
    `GovConnect recovery codes for ${username}`,
    `Made ${new Date().toLocaleString()}`,
    "",
    "Each code signs you in once, instead of a code from your authenticator app.",
    "Keep them somewhere safe, away from your phone. Making new codes stops these working.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/**
 * The ten recovery codes, shown this once (only their hashes are kept): a list to write down,
 * a copy to the clipboard, a text file to save. `onDone` is the "I have saved them" button.
 */
export function RecoveryCodes({
  codes,
  intro,
  doneLabel = "I have saved my recovery codes",
  onDone,
  headingLevel = 2,
}: {
  readonly codes: readonly string[];
  /** What just happened ("Two-step verification is on."). */
  readonly intro: string;
  readonly doneLabel?: string;
  readonly onDone: () => void;
  readonly headingLevel?: 2 | 3;
}) {
  const id = useId();
  const { me } = useSession();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const copy = () => {
    navigator.clipboard.writeText(codes.join("\n")).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([codesFile(me?.username ?? "your account", codes)], { type: "text/plain" }),
    );
    const link = document.createElement("a");
    link.href = url;
    link.download = "govconnect-recovery-codes.txt";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>Save your recovery codes</Heading>
      <p className="success" role="status">
        {intro}
      </p>
      <p>
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them
        somewhere safe, away from your phone: in a password manager, or printed.{" "}
        <strong>They are shown only now.</strong>
      </p>
      <ol className="recovery-codes" aria-label="Your recovery codes">
        {codes.map((code) => (
          <li key={code} className="mono">
            {code}
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="secondary" onClick={copy}>
          Copy
        </button>
        <button type="button" className="secondary" onClick={download}>
          Download as a text file
        </button>
      </div>
      <p aria-live="polite" className={copied === "failed" ? "error-text" : "muted"}>
        {copied === "yes" ? "Copied: paste them somewhere safe." : null}
        {copied === "failed" ? "Copying did not work here: select the codes and copy them, or download them." : null}
      </p>
      <button type="button" onClick={onDone}>
        {doneLabel}
      </button>
    </section>
  );
}
