import { useEffect, useRef, useState } from "react";
import { isPlain } from "../messages.ts";
import { useFormProblems } from "./error-summary.tsx";
import { Field } from "./field.tsx";

export const CODE_LABEL = "Code from your authenticator app";
export const RECOVERY_HINT = "Or enter one of your recovery codes";

/**
 * A code as typed, ready to send: spaces inside a 6-digit code ("123 456", as some apps show it)
 * are dropped; a recovery code is sent as typed (the server takes any case, dashes or none).
 */
export const typedCode = (code: string) => {
  const trimmed = code.trim();
  return /^[\d\s]+$/.test(trimmed) ? trimmed.replace(/\s/g, "") : trimmed;
};

/** The message for a code left empty, before anything is sent. */
export const NO_CODE = "Enter the 6 digits your authenticator app shows now";

/**
 * What to say about a refused code, in words. The server's own refusals ("That code is not
 * right: …") are written for people; its input checks name the field ("code is required: …"),
 * so those are said again here without the name.
 */
export function codeWords(message: string, recovery: boolean): string {
  if (isPlain(message) && !/^code\b/.test(message)) return message;
  return recovery ? `${NO_CODE}, or one of your recovery codes` : NO_CODE;
}

/**
 * What a form that asks for a code holds: the code as typed, and its problems (left empty, or
 * refused in `error`) with the form's error summary. `field` goes to the CodeField, `summary`
 * above the form; `take()` is the code to send, or null (and the summary says why).
 */
export function useCodeEntry(error: unknown, recovery: boolean, form = "code") {
  const [code, setCode] = useState("");
  const problems = useFormProblems(form, error, { code: (message) => codeWords(message, recovery) });
  const take = (): string | null => {
    const typed = typedCode(code);
    return problems.check(typed === "" ? [{ field: "code", message: NO_CODE }] : []) ? typed : null;
  };
  return {
    field: {
      id: problems.id("code"),
      value: code,
      onChange: (value: string) => {
        setCode(value);
        problems.edited("code");
      },
      error: problems.of("code"),
    },
    summary: problems.summary,
    take,
  };
}

/**
 * The input for a code from an authenticator app (or, with `recovery`, one of the recovery
 * codes). Phones get the number pad for the 6 digits; a recovery code has letters, so one tap
 * brings the full keyboard back.
 */
export function CodeField({
  id,
  value,
  onChange,
  error,
  recovery = false,
  focus = false,
}: {
  readonly id?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly recovery?: boolean;
  /** Take the focus when shown (a step that asks only for the code). */
  readonly focus?: boolean;
}) {
  const [letters, setLetters] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus) input.current?.focus();
  }, [focus]);
  // Once the keyboard is switched, back to the input (with its new keyboard).
  useEffect(() => {
    if (letters) input.current?.focus();
  }, [letters]);
  return (
    <>
      <Field id={id} label={CODE_LABEL} error={error} {...(recovery ? { hint: RECOVERY_HINT } : {})}>
        {(props) => (
          <input
            {...props}
            ref={input}
            name="code"
            className="code-input"
            autoComplete="one-time-code"
            inputMode={letters ? "text" : "numeric"}
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={20}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
        )}
      </Field>
      {recovery && !letters ? (
        <p className="keyboard-switch">
          <button type="button" className="link" onClick={() => setLetters(true)}>
            Typing a recovery code on a phone? Show the full keyboard
          </button>
        </p>
      ) : null}
    </>
  );
}
