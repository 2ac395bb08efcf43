import type { ReactNode } from "react";
import { useId } from "react";

/**
 * A labelled form control with the server's message for it underneath, tied to the control with
 * `aria-describedby` and `aria-invalid` so screen readers announce it.
 */
export function Field({
  id: givenId,
  label,
  error,
  hint,
  children,
}: {
  /** The control's id (an error summary links to it); one is made up when not given. */
  readonly id?: string | undefined;
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly children: (props: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby": string | undefined;
  }) => ReactNode;
}) {
  const madeUp = useId();
  const id = givenId ?? madeUp;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": described })}
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} className="error-text">
          {error}
        </small>
      ) : null}
    </div>
  );
}
