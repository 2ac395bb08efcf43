import { useEffect } from "react";

/**
 * The document's title: "<page> – GovConnect", prefixed "Error: " while a form shows an error
 * summary (GOV.UK's pattern: the title is the first thing a screen reader reads). The shell sets
 * each page's title; a step inside a page (check your answers, a confirmation) may name itself,
 * and wins while it is shown: React runs a child's effects before its parent's, so a plain "last
 * one wins" would let the shell overwrite the step.
 */
let pageTitle = "GovConnect";
let stepTitle: string | null = null;
let errorSummaries = 0;

function apply() {
  const name = stepTitle ?? pageTitle;
  document.title = `${errorSummaries > 0 ? "Error: " : ""}${name} – GovConnect`;
}

/** The shell's title for the page shown. */
export function usePageTitle(title: string) {
  useEffect(() => {
    pageTitle = title;
    apply();
  }, [title]);
}

/** A step's own title, while it is shown. */
export function useStepTitle(title: string) {
  useEffect(() => {
    stepTitle = title;
    apply();
    return () => {
      stepTitle = null;
      apply();
    };
  }, [title]);
}

/** "Error: " in front of the title while the calling error summary is shown. */
export function useErrorTitle() {
  useEffect(() => {
    errorSummaries += 1;
    apply();
    return () => {
      errorSummaries -= 1;
      apply();
    };
  }, []);
}
