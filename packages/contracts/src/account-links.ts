/**
 * The dashboard pages an account email links to. The emails build the links and the dashboard
 * routes them, both from this list. The token goes in the URL's fragment (`#/page?token=…`), so it
 * never reaches a server log or a `Referer` header.
 */
export const ACCOUNT_PAGES = {
  verifyEmail: "verify-email",
  resetPassword: "reset-password",
  forgotPassword: "forgot-password",
  acceptInvitation: "accept-invitation",
  account: "account",
  setup: "setup",
} as const;
export type AccountPage = (typeof ACCOUNT_PAGES)[keyof typeof ACCOUNT_PAGES];

/** `https://gov.example/#/reset-password?token=…`, from the dashboard's address (PUBLIC_URL). */
export function accountLink(baseUrl: string, page: AccountPage, token?: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  return `${base}/#/${page}${token === undefined ? "" : `?token=${encodeURIComponent(token)}`}`;
}
