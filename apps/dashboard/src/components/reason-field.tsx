import { STATUS_REASON_MAX_LENGTH } from "@govconnect/contracts";
import type { Problem } from "../messages.ts";
import { REASON_WORDS } from "../messages.ts";
import type { FormProblems } from "./error-summary.tsx";
import { Field } from "./field.tsx";

/** A status change's optional reason as the API takes it: trimmed, and left out when blank. */
export const reasonInput = (reason: string): { reason?: string } => (reason.trim() ? { reason: reason.trim() } : {});

/** The form's own check of a reason, before sending. */
export const reasonProblems = (reason: string): Problem[] =>
  reason.trim().length > STATUS_REASON_MAX_LENGTH ? [{ field: "reason", message: REASON_WORDS }] : [];

/**
 * The optional "why" of a cancellation, in a confirmation dialog: kept in the appointment's
 * history and put in the patient's email. Typing past the limit is allowed (and then explained),
 * so a pasted text is not cut off without a word.
 */
export function ReasonField({
  problems,
  label,
  hint,
  value,
  onChange,
}: {
  readonly problems: FormProblems;
  readonly label: string;
  readonly hint: string;
  readonly value: string;
  readonly onChange: (reason: string) => void;
}) {
  return (
    <Field id={problems.id("reason")} label={label} hint={hint} error={problems.of("reason")}>
      {(props) => (
        <textarea
          {...props}
          rows={3}
          maxLength={STATUS_REASON_MAX_LENGTH + 100}
          value={value}
          onChange={(event) => {
            problems.edited("reason");
            onChange(event.target.value);
          }}
        />
      )}
    </Field>
  );
}
