import type { ChangeEvent } from "react";
import { Field } from "./field.tsx";

const PASSWORD_HINT = "At least 8 characters, not a common password";

/** The account's own inputs, each with its label, hint, type and autofill as every form uses them. */
const KINDS = {
  username: { label: "Username", hint: undefined, type: "text", autoComplete: "username" },
  password: { label: "Password", hint: undefined, type: "password", autoComplete: "current-password" },
  newUsername: { label: "Username", hint: "3 to 32 letters, digits, _ . or -", type: "text", autoComplete: "username" },
  fullName: { label: "Full name", hint: undefined, type: "text", autoComplete: "name" },
  email: { label: "Email", hint: undefined, type: "email", autoComplete: "email" },
  newPassword: { label: "Password", hint: PASSWORD_HINT, type: "password", autoComplete: "new-password" },
  currentPassword: { label: "Current password", hint: undefined, type: "password", autoComplete: "current-password" },
} as const;

export function AccountField(props: {
  readonly kind: keyof typeof KINDS;
  readonly name: string;
  /** The input's id, for an error summary's link to it. */
  readonly id?: string | undefined;
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
    <Field id={props.id} label={props.label ?? kind.label} error={props.error} {...(hint ? { hint } : {})}>
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

/** What a new account is made of, in the order every form asks for it. */
const NEW_ACCOUNT = { username: "newUsername", fullName: "fullName", email: "email", password: "newPassword" } as const;
type NewAccountKey = keyof typeof NEW_ACCOUNT;

/**
 * The fields of a new account (sign-up, first-run setup, an accepted invitation), for the ones
 * the form holds: an invitation already knows the name and address.
 */
export function NewAccountFields<Key extends NewAccountKey>(props: {
  readonly form: Readonly<Record<Key, string>>;
  readonly set: (key: Key) => (event: ChangeEvent<HTMLInputElement>) => void;
  readonly errors: Readonly<Record<string, string | undefined>>;
  /** Each field's input id, for an error summary's links. */
  readonly ids?: (key: Key) => string;
}) {
  const keys = (Object.keys(NEW_ACCOUNT) as NewAccountKey[]).filter((key): key is Key => key in props.form);
  return keys.map((key) => (
    <AccountField
      key={key}
      id={props.ids?.(key)}
      kind={NEW_ACCOUNT[key]}
      name={key}
      value={props.form[key]}
      onChange={props.set(key)}
      error={props.errors[key]}
    />
  ));
}
