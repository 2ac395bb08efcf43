import type { ReactNode } from "react";
import { errorMessage, LINK_PROBLEMS, linkProblem } from "../trpc.ts";

/**
 * Why an emailed link did not work — expired, used, withdrawn or not valid — and what to do
 * (`children`: usually how to ask for a new one). Any other failure says what it was.
 */
export function LinkRefused({ error, children }: { readonly error: unknown; readonly children?: ReactNode }) {
  const problem = linkProblem(error);
  return (
    <div className="failed" role="alert">
      <p>{problem ? LINK_PROBLEMS[problem] : errorMessage(error)}</p>
      {children}
    </div>
  );
}

/** A link page opened without its token (the address was cut short, or typed in). */
export function NoToken({ children }: { readonly children?: ReactNode }) {
  return (
    <div className="failed" role="alert">
      <p>This page opens from the link in your email, and that link is not complete here.</p>
      <p>Open the link from the email again: if you copy it, copy all of it.</p>
      {children}
    </div>
  );
}
