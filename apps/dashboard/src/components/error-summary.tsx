import type { MouseEvent } from "react";
import { useEffect, useRef, useState } from "react";
import type { FieldWords, Problem } from "../messages.ts";
import { describeProblems } from "../messages.ts";
import { useErrorTitle } from "../title.ts";

/** The id of a form's control for a field (its request path): what the summary's links point at. */
export const fieldId = (form: string, field: string) => `${form}-${field.replace(/[^\w-]/g, "-")}`;

/**
 * GOV.UK's error summary: "There is a problem" above the form, focused when it appears or the form
 * is sent again, one link per problem that moves the focus to its field. The links point at the
 * field's id but are followed by script, never by the address: the page's router lives in the
 * hash, and "#book-hospitalId" is not a page.
 */
export function ErrorSummary({
  form,
  problems,
  attempt,
}: {
  readonly form: string;
  readonly problems: readonly Problem[];
  /** Which submit this is: each one moves the focus here again. */
  readonly attempt: number;
}) {
  useErrorTitle();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [attempt]);
  const follow = (field: string) => (event: MouseEvent) => {
    event.preventDefault();
    const target = document.getElementById(fieldId(form, field));
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.focus();
  };
  return (
    <div ref={box} className="error-summary" tabIndex={-1}>
      <div role="alert">
        <h3 id={`${form}-problem-title`}>There is a problem</h3>
        <ul>
          {problems.map((problem) => (
            <li key={`${problem.field ?? ""}:${problem.message}`}>
              {problem.field ? (
                <a href={`#${fieldId(form, problem.field)}`} onClick={follow(problem.field)}>
                  {problem.message}
                </a>
              ) : (
                problem.message
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/**
 * A form's problems: those its own checks found before sending (`check`), else the server's
 * refusal in the form's words. A field's problem goes once the field is edited; every submit
 * starts afresh. `summary` is the ErrorSummary to render (null when all is well).
 */
export function useFormProblems(form: string, error: unknown, words: FieldWords = {}) {
  const [checked, setChecked] = useState<readonly Problem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const all = checked.length > 0 ? checked : describeProblems(error, words);
  const problems = all.filter((problem) => problem.field === null || !edited.has(problem.field));
  return {
    problems,
    /** A field's message, for the text under it. */
    of: (field: string): string | undefined => problems.find((problem) => problem.field === field)?.message,
    /** The id of a field's control: pass it to Field, AccountField or the input. */
    id: (field: string) => fieldId(form, field),
    /** Records this submit's own checks; true when there are none and the form may be sent. */
    check(found: readonly Problem[] = []): boolean {
      setChecked(found);
      setEdited(new Set());
      setAttempt((count) => count + 1);
      return found.length === 0;
    },
    /** The person changed a field: its problem is theirs to re-check on the next submit. */
    edited(field: string) {
      if (!edited.has(field)) setEdited(new Set(edited).add(field));
    },
    summary: problems.length > 0 ? <ErrorSummary form={form} problems={problems} attempt={attempt} /> : null,
  };
}

export type FormProblems = ReturnType<typeof useFormProblems>;

/** The problem for a required field left empty, or none. */
export const required = (field: string, value: string, message: string): Problem[] =>
  value.trim() === "" ? [{ field, message }] : [];
