import { useEffect, useRef, useState } from "react";
import { fieldErrors } from "../trpc.ts";
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

/**
 * What to say about a refused code, in words. The server's own refusals ("That code is not
 * right: …") are written for people; its input checks name the field ("code is required: …"),
 * so those are said again here without the name.
 */
export function codeError(error: unknown, recovery: boolean): string | undefined {
  const message = fieldErrors(error, ["code"]).code;
  if (message === undefined || !/^code\b/.test(message)) return message;
  return recovery
    ? "Enter the 6 digits your authenticator app shows now, or one of your recovery codes"
    : "Enter the 6 digits your authenticator app shows now";
}

/** The message for a code left empty, before anything is sent. */
export const NO_CODE = "Enter the 6 digits your authenticator app shows now";

/**
 * What a form that asks for a code holds: the code as typed, and what to say about it (left
 * empty, or refused in `error`). `field` goes to the CodeField, `fields` to the FormFailure;
 * `take()` is the code to send, or null (and the field says so) when none was typed.
 */
export function useCodeEntry(error: unknown, recovery: boolean) {
  const [code, setCode] = useState("");
  const [empty, setEmpty] = useState(false);
  const fieldError = empty ? NO_CODE : codeError(error, recovery);
  const fields: Record<string, string> = fieldError ? { code: fieldError } : {};
  const take = (): string | null => {
    const typed = typedCode(code);
    setEmpty(typed === "");
    return typed === "" ? null : typed;
  };
  return {
    field: {
      value: code,
      onChange: (value: string) => {
        setCode(value);
        setEmpty(false);
      },
      error: fieldError,
    },
    fields,
    take,
  };
}

/**
 * The input for a code from an authenticator app (or, with `recovery`, one of the recovery
 * codes). Phones get the number pad for the 6 digits; a recovery code has letters, so one tap
 * brings the full keyboard back.
 */
export function CodeField({
  value,
  onChange,
  error,
  recovery = false,
  focus = false,
}: {
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
      <Field label={CODE_LABEL} error={error} {...(recovery ? { hint: RECOVERY_HINT } : {})}>
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
