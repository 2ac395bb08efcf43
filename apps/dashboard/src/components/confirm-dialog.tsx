import type { ReactNode } from "react";
import { useEffect, useId, useRef } from "react";
import { errorMessage } from "../messages.ts";

/**
 * The confirmation step in front of every destructive action: a modal `<dialog>` (focus stays in
 * it, Escape cancels) that names what will happen. It opens with the focus on "Cancel", so a
 * stray Enter changes nothing. A refusal from the server is shown inside it, in words, and the
 * dialog stays open.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  danger = false,
  pending = false,
  error,
  onConfirm,
  onCancel,
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  /** The button that closes it unchanged ("No, keep it" where "Cancel" would be ambiguous). */
  readonly cancelLabel?: string;
  readonly danger?: boolean;
  readonly pending?: boolean;
  readonly error?: unknown;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // The element that opened the dialog gets the focus back when it closes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    cancel.current?.focus();
    return () => {
      element.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
    >
      <h3 id={`${id}-title`}>{title}</h3>
      <div id={`${id}-body`}>{children}</div>
      {error ? (
        <p className="failed" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
      <div className="actions confirm-actions">
        <button ref={cancel} type="button" className="secondary" onClick={onCancel} disabled={pending}>
          {cancelLabel}
        </button>
        <button type="button" className={danger ? "danger solid" : undefined} onClick={onConfirm} disabled={pending}>
          {pending ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
