import type { ChangeEvent } from "react";
import { Field } from "./field.tsx";

const PASSWORD_HINT = "At least 8 characters, not a common password";

/** The account's own inputs, each with its label, hint, type and autofill as every form uses them. */
const KINDS = {
  newUsername: { label: "Username", hint: "3 to 32 letters, digits, _ . or -", type: "text", autoComplete: "username" },
  fullName: { label: "Full name", hint: undefined, type: "text", autoComplete: "name" },
  email: { label: "Email", hint: undefined, type: "email", autoComplete: "email" },
  newPassword: { label: "Password", hint: PASSWORD_HINT, type: "password", autoComplete: "new-password" },
  currentPassword: { label: "Current password", hint: undefined, type: "password", autoComplete: "current-password" },
} as const;

export function AccountField(props: {
  readonly kind: keyof typeof KINDS;
  readonly name: string;
  readonly value: string;
  readonly onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  readonly error?: string | undefined;
  /** Instead of the kind's own label or hint ("New password", "To make sure it is you"); a null hint: none. */
  readonly label?: string;
  readonly hint?: string | null;
  readonly required?: boolean;
}) {
  const kind = KINDS[props.kind];
  const hint = props.hint === null ? undefined : (props.hint ?? kind.hint);
  return (
    <Field label={props.label ?? kind.label} error={props.error} {...(hint ? { hint } : {})}>
      {(control) => (
        <input
          {...control}
          name={props.name}
          type={kind.type}
          autoComplete={kind.autoComplete}
          value={props.value}
          onChange={props.onChange}
          {...(props.required ? { required: true } : {})}
        />
      )}
    </Field>
  );
}
