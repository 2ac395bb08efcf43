import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  DESKTOP,
  freshContext,
  inDays,
  linkInEmail,
  open,
  PHONE,
  pageFindings,
  passSecondFactor,
  registeredCitizen,
  screenshot,
  sidewaysOverflow,
  signIn,
  signInHere,
  someone,
} from "./pages.ts";
import type { RunningProduct } from "./product.ts";
import { START_TIMEOUT, startForSuite } from "./suite.ts";

/** The slow steps (bcrypt, the worker sending an email) add up: every test gets room. */
const SLOW = 240_000;

describe("accounts in a real browser: reset, invitations, user management, my account", () => {
  let product: RunningProduct;
  let browser: Browser;
  let admin: BrowserContext;
  let adminPage: Page;

  startForSuite({ demoPassword: DEMO_PASSWORD }, (started) => {
    ({ product, browser } = started);
  });
  beforeAll(async () => {
    // The admin's browser stays open: admins read every email in the dev outbox.
    admin = await freshContext(browser);
    adminPage = await signIn(admin, product.url, "demo_admin", DEMO_PASSWORD);
  }, START_TIMEOUT);

  it(
    "forgot password: the link from the outbox sets a new password, which signs in",
    async () => {
      const person = await registeredCitizen(product.url, "Anandi Joshi");
      // On a phone: that is where people open the email.
      const context = await freshContext(browser, PHONE);
      const page = await context.newPage();
      await page.goto(`${product.url}/#/signin`);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByRole("heading", { name: "Forgot your password?" }).waitFor();
      await page.getByLabel("Email").fill(person.email);
      await page.getByRole("button", { name: "Send me a link" }).click();
      // The same answer whether or not an account uses the address.
      await page.getByText("If an account uses that address, we have sent it a link").waitFor();
      await screenshot(page, "forgot-password-sent-phone");

      const href = await linkInEmail(adminPage, product.url, {
        subject: "Reset your password - GovConnect",
        recipient: person.email,
        link: "Choose a new password",
      });
      expect(href.startsWith(`${product.url}/#/reset-password?token=`)).toBe(true);
      await page.goto(href);
      await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
      const password = "second passphrase 42";
      await page.getByLabel("New password", { exact: true }).fill(password);
      await page.getByLabel("New password again").fill("not the same passphrase");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await page.getByText("The two passwords are not the same").first().waitFor();
      await screenshot(page, "reset-password-phone");
      await page.getByLabel("New password again").fill(password);
      await page.getByRole("button", { name: "Save the new password" }).click();
      await page.getByText("Your password has been changed. Sign in with your new password.").waitFor();

      await page.getByRole("link", { name: "Sign in" }).click();
      await signInHere(page, person.username, person.password);
      await page.getByText("Invalid username or password").waitFor();
      await signInHere(page, person.username, password);
      await page.getByRole("heading", { name: "My appointments" }).waitFor();
      // The link reached the address, so it is confirmed: no reminder.
      await expect.poll(() => page.getByRole("heading", { name: /Confirm your email address/ }).count()).toBe(0);

      // A link works once.
      await page.goto(href);
      await page.getByLabel("New password", { exact: true }).fill("third passphrase 42");
      await page.getByLabel("New password again").fill("third passphrase 42");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await page.getByText("This link has already been used.").waitFor();
      await page.getByRole("link", { name: "Ask for a new link" }).waitFor();
      await context.close();
    },
    SLOW,
  );

  it(
    "an admin invites a nurse, who accepts from the emailed link and confirms a citizen's appointment",
    async () => {
      const nurse = { ...someone("Anna Mani"), password: "nurse passphrase 42" };
      await open(adminPage, product.url, "users", "Users");
      const invite = adminPage.getByRole("region", { name: "Invite someone" });
      await invite.getByLabel("Email").fill(nurse.email);
      await invite.getByLabel("Full name").fill(nurse.fullName);
      await invite.getByLabel("Role").selectOption({ label: "Healthcare staff" });
      await invite.getByRole("button", { name: "Send the invitation" }).click();
      await invite.getByText(`Invitation sent to ${nurse.fullName} at ${nurse.email}, as Healthcare staff.`).waitFor();
      await adminPage.getByTestId(`invitation-${nurse.email}`).waitFor();

      const href = await linkInEmail(adminPage, product.url, {
        subject: "You are invited to GovConnect",
        recipient: nurse.email,
        link: "Accept the invitation",
      });
      const context = await freshContext(browser, PHONE);
      const page = await context.newPage();
      await page.goto(href);
      await page.getByRole("heading", { name: "Accept your invitation" }).waitFor();
      await page.getByText("Demo Admin has invited you to join GovConnect as Healthcare staff.").waitFor();
      await screenshot(page, "accept-invitation-phone");
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);
      await page.getByLabel("Username").fill(nurse.username);
      await page.getByLabel("Password").fill(nurse.password);
      await page.getByRole("button", { name: "Accept and create my account" }).click();
      // Healthcare staff set up two-step verification before anything else.
      await page.getByText("Your role needs two-step verification.").waitFor();
      await passSecondFactor(page, nurse.username);
      await page.getByRole("navigation", { name: "Main" }).getByText(`${nurse.fullName} (Healthcare staff)`).waitFor();
      // The link proved the address: nothing to confirm.
      await expect.poll(() => page.getByRole("heading", { name: /Confirm your email address/ }).count()).toBe(0);

      // A (confirmed) demo citizen books, through the form.
      const citizen = await freshContext(browser);
      const citizenPage = await signIn(citizen, product.url, "demo_citizen", DEMO_PASSWORD);
      await open(citizenPage, product.url, "book", "Book an appointment");
      await citizenPage.getByLabel("Hospital").selectOption({ label: "Sahyadri Multispeciality, Pune" });
      await citizenPage.getByLabel("Department").selectOption("Neurology");
      await citizenPage.getByLabel("Date", { exact: true }).fill(inDays(16));
      const free = citizenPage.locator('input[name="appointmentTime"]:not([disabled])').first();
      await free.waitFor();
      await free.check();
      await citizenPage.getByLabel("Phone number").fill("+91 98765 43210");
      await citizenPage.getByRole("button", { name: "Continue" }).click();
      await citizenPage.getByRole("button", { name: "Book this appointment" }).click();
      await citizenPage.getByRole("heading", { name: "Appointment booked" }).waitFor();
      const appointmentId = new URL(citizenPage.url()).hash.split("id=")[1] ?? "";
      expect(appointmentId).not.toBe("");
      await citizen.close();

      // The nurse's home is the work queue; the confirmation goes with the nurse's session (the
      // queue's own buttons have the staff pages' test).
      await page.getByRole("heading", { name: "Work queue" }).waitFor();
      const confirmed = await context.request.put(`${product.url}/api/appointments/${appointmentId}`, {
        data: { status: "confirmed" },
      });
      expect(confirmed.status()).toBe(200);
      await context.close();

      // Accepted: no longer open.
      await open(adminPage, product.url, "users", "Users");
      await adminPage.getByRole("heading", { name: "Open invitations" }).waitFor();
      await expect.poll(() => adminPage.getByTestId(`invitation-${nurse.email}`).count()).toBe(0);
    },
    SLOW,
  );

  it(
    "an admin finds an account, changes its role, deactivates it (the person is told at sign-in) and reactivates it; withdraws an invitation; cannot deactivate themself",
    async () => {
      const person = await registeredCitizen(product.url, "Bibha Chowdhuri");
      await open(adminPage, product.url, "users", "Users");
      const accounts = adminPage.getByRole("region", { name: "Accounts" });
      await accounts.getByLabel("Search").fill(person.username);
      const row = adminPage.getByTestId(`user-${person.username}`);
      await row.waitFor();
      await expect.poll(() => accounts.locator("tbody tr").count()).toBe(1);
      await row.getByText("unconfirmed").waitFor();
      await row.getByText("Citizen").waitFor();

      // A role, chosen in the confirmation.
      await row.getByRole("button", { name: `Change role for ${person.fullName}` }).click();
      const roleDialog = adminPage.getByRole("dialog", { name: `Change the role of ${person.fullName}?` });
      await roleDialog.getByLabel("New role").selectOption({ label: "Agriculture staff" });
      await roleDialog.getByRole("button", { name: "Change role" }).click();
      await adminPage.getByText(`${person.fullName} is now Agriculture staff.`).waitFor();
      await row.getByText("Agriculture staff").waitFor();

      // Deactivation: the dialog names the person; Cancel changes nothing.
      await row.getByRole("button", { name: `Deactivate ${person.fullName}` }).click();
      const deactivate = adminPage.getByRole("dialog", { name: `Deactivate ${person.fullName}?` });
      await deactivate.getByText(`${person.fullName} (${person.username}) will be signed out everywhere`).waitFor();
      await screenshot(adminPage, "users-deactivate-dialog-desktop");
      await deactivate.getByRole("button", { name: "Cancel" }).click();
      await row.getByText("Active").waitFor();
      await row.getByRole("button", { name: `Deactivate ${person.fullName}` }).click();
      await deactivate.getByRole("button", { name: `Deactivate ${person.fullName}` }).click();
      await adminPage.getByText(`${person.fullName} is deactivated and signed out everywhere.`).waitFor();
      await row.getByText("Deactivated").waitFor();

      const context = await freshContext(browser);
      const page = await context.newPage();
      await page.goto(`${product.url}/#/signin`);
      await signInHere(page, person.username, person.password);
      await page
        .getByText("This account has been deactivated: ask the service's administrators if you think this is a mistake")
        .waitFor();

      await row.getByRole("button", { name: `Reactivate ${person.fullName}` }).click();
      await adminPage
        .getByRole("dialog", { name: `Reactivate ${person.fullName}?` })
        .getByRole("button", { name: `Reactivate ${person.fullName}` })
        .click();
      await row.getByText("Active").waitFor();
      await signInHere(page, person.username, person.password);
      // Agriculture staff now: two-step verification first.
      await passSecondFactor(page, person.username);
      await context.close();

      // Filters: the role and the state narrow the list.
      await accounts.getByLabel("Search").fill("");
      await accounts.getByLabel("Role", { exact: true }).selectOption({ label: "Administrator" });
      await adminPage.getByTestId("user-demo_admin").waitFor();
      await expect.poll(() => adminPage.getByTestId(`user-${person.username}`).count()).toBe(0);
      await accounts.getByLabel("Role", { exact: true }).selectOption({ label: "Any role" });
      await accounts.getByLabel("State", { exact: true }).selectOption({ label: "Email not confirmed" });
      await adminPage.getByTestId(`user-${person.username}`).waitFor();
      await expect.poll(() => adminPage.getByTestId("user-demo_admin").count()).toBe(0);
      await accounts.getByLabel("State", { exact: true }).selectOption({ label: "Any state" });

      // The server refuses an admin deactivating themself, and the dialog says so in words.
      await accounts.getByLabel("Search").fill("demo_admin");
      const self = adminPage.getByTestId("user-demo_admin");
      await self.getByText("(you)").waitFor();
      await self.getByRole("button", { name: "Deactivate Demo Admin" }).click();
      const selfDialog = adminPage.getByRole("dialog", { name: "Deactivate Demo Admin?" });
      await selfDialog.getByRole("button", { name: "Deactivate Demo Admin" }).click();
      await selfDialog
        .getByText("You cannot remove your own administrator role or deactivate yourself: ask another administrator")
        .waitFor();
      await adminPage.keyboard.press("Escape");
      await expect.poll(() => selfDialog.count()).toBe(0);
      await self.getByText("Active").waitFor();

      // An invitation, withdrawn after a confirmation: its link stops working.
      const invited = someone("Asima Chatterjee");
      const invite = adminPage.getByRole("region", { name: "Invite someone" });
      await invite.getByLabel("Email").fill(invited.email);
      await invite.getByLabel("Full name").fill(invited.fullName);
      await invite.getByRole("button", { name: "Send the invitation" }).click();
      await invite.getByText("Choose the role of their account").first().waitFor();
      await invite.getByLabel("Role").selectOption({ label: "Agriculture staff" });
      await invite.getByRole("button", { name: "Send the invitation" }).click();
      const invitation = adminPage.getByTestId(`invitation-${invited.email}`);
      await invitation.waitFor();
      const href = await linkInEmail(adminPage, product.url, {
        subject: "You are invited to GovConnect",
        recipient: invited.email,
        link: "Accept the invitation",
      });
      await open(adminPage, product.url, "users", "Users");
      await invitation.getByRole("button", { name: `Withdraw the invitation to ${invited.fullName}` }).click();
      await adminPage
        .getByRole("dialog", { name: `Withdraw the invitation to ${invited.fullName}?` })
        .getByRole("button", { name: "Withdraw the invitation" })
        .click();
      await adminPage
        .getByText(`The invitation to ${invited.fullName} is withdrawn: its link no longer works.`)
        .waitFor();
      await expect.poll(() => invitation.count()).toBe(0);
      const invitee = await freshContext(browser);
      const inviteePage = await invitee.newPage();
      await inviteePage.goto(href);
      await inviteePage.getByText("This invitation was withdrawn, or replaced by a newer one.").waitFor();
      await invitee.close();
    },
    SLOW,
  );

  it(
    "my account: name, a new email address confirmed from its link, the password, and signing out other devices",
    async () => {
      const person = await registeredCitizen(product.url, "Rajeshwari Chatterjee");
      const other = await freshContext(browser);
      const otherPage = await signIn(other, product.url, person.username, person.password);
      const context = await freshContext(browser);
      const page = await signIn(context, product.url, person.username, person.password);
      await page.getByRole("link", { name: "My account" }).click();
      await page.getByRole("heading", { name: "My account" }).waitFor();

      // Devices: this one marked, each described in words.
      const sessions = page.getByRole("region", { name: "Where you are signed in" });
      await sessions.getByTestId("session-current").getByText("This device").waitFor();
      await expect.poll(() => sessions.locator("tbody tr").count()).toBe(2);
      await expect.poll(() => sessions.getByText("Chrome on Linux").count()).toBe(2);

      // Name.
      const name = page.getByRole("region", { name: "Your name" });
      await name.getByLabel("Full name").fill("Rajeshwari C.");
      await name.getByRole("button", { name: "Save name" }).click();
      await name.getByText("Your name is saved.").waitFor();
      await page.getByRole("navigation", { name: "Main" }).getByText("Rajeshwari C.").waitFor();

      // Email: the current password is asked for; the new address waits for its link.
      const email = page.getByRole("region", { name: "Your email address" });
      const newAddress = `new_${person.email}`;
      await email.getByLabel("New email address").fill(newAddress);
      await email.getByLabel("Current password").fill("not my password 42");
      await email.getByRole("button", { name: "Change email address" }).click();
      await email.getByText("The current password is not correct").first().waitFor();
      await email.getByLabel("Current password").fill(person.password);
      await email.getByRole("button", { name: "Change email address" }).click();
      await email
        .getByRole("status")
        .getByText(
          `We sent a link to ${newAddress}. Open it to confirm the address. Until then, GovConnect keeps using ${person.email}.`,
        )
        .waitFor();
      await email.getByText("Waiting for confirmation").waitFor();
      await screenshot(page, "account-email-pending-desktop");
      // Elsewhere, the reminder above every page.
      await open(page, product.url, "appointments", "My appointments");
      await page
        .getByRole("heading", { name: `Confirm your email address: we sent a link to ${newAddress}` })
        .waitFor();

      const href = await linkInEmail(adminPage, product.url, {
        subject: "Confirm your email address - GovConnect",
        recipient: newAddress,
        link: "Confirm email address",
      });
      await page.goto(href);
      await page.getByText(`Thank you: your email address ${newAddress} is confirmed.`).waitFor();
      await open(page, product.url, "account", "My account");
      await email.getByText(`${newAddress} (confirmed)`).waitFor();
      await expect.poll(() => email.getByText("Waiting for confirmation").count()).toBe(0);

      // One other device signed out, after a confirmation.
      await sessions
        .locator('tbody tr:not([data-testid="session-current"])')
        .getByRole("button", { name: /^Sign out/ })
        .click();
      await page
        .getByRole("dialog", { name: "Sign out this device?" })
        .getByRole("button", { name: "Sign out", exact: true })
        .click();
      await sessions.getByText("That device is signed out.").waitFor();
      await sessions.getByText("You are signed in on this device only.").waitFor();
      await otherPage.evaluate(() => {
        window.location.hash = "/requests";
      });
      await otherPage.getByRole("heading", { name: "Sign in" }).waitFor();
      await other.close();

      // Everywhere else: two more devices, both signed out at once.
      const third = await freshContext(browser);
      await signIn(third, product.url, person.username, person.password);
      const fourth = await freshContext(browser);
      await signIn(fourth, product.url, person.username, person.password);
      await page.reload();
      await sessions.getByRole("button", { name: "Sign out everywhere else" }).click();
      const everywhere = page.getByRole("dialog", { name: "Sign out everywhere else?" });
      await screenshot(page, "account-sign-out-dialog-desktop");
      await everywhere.getByRole("button", { name: "Sign out everywhere else" }).click();
      await sessions.getByText("Signed out of 2 other sessions.").waitFor();
      await expect.poll(() => sessions.locator("tbody tr").count()).toBe(1);
      await third.close();
      await fourth.close();

      // Password: the current one, then the new one twice.
      const passwordCard = page.getByRole("region", { name: "Your password" });
      const password = "changed passphrase 42";
      await passwordCard.getByLabel("Current password").fill(person.password);
      await passwordCard.getByLabel("New password", { exact: true }).fill(password);
      await passwordCard.getByLabel("New password again").fill(password);
      await passwordCard.getByRole("button", { name: "Change password" }).click();
      await passwordCard.getByText("Your password is changed.").waitFor();
      await context.close();
      const again = await freshContext(browser);
      await signIn(again, product.url, person.username, password);
      await again.close();
    },
    SLOW,
  );

  it(
    "the new pages at desktop and 375 px: screenshots, nothing sideways, no serious accessibility violations",
    async () => {
      const token = "A".repeat(32);
      const signedOut: Array<[name: string, path: string, heading: string, waitFor?: string]> = [
        ["signin", "signin", "Sign in"],
        ["forgot-password", "forgot-password", "Forgot your password?"],
        ["reset-password", `reset-password?token=${token}`, "Choose a new password"],
        [
          "verify-email-refused",
          `verify-email?token=${token}`,
          "Confirm your email address",
          "This link is not valid.",
        ],
        [
          "accept-invitation-refused",
          `accept-invitation?token=${token}`,
          "Accept your invitation",
          "This link is not valid.",
        ],
        ["setup-done", "setup", "Setup is done"],
      ];
      const signedIn: Array<[name: string, heading: string]> = [
        ["account", "My account"],
        ["users", "Users"],
      ];
      const findings: string[] = [];
      for (const [size, viewport] of [
        ["desktop", DESKTOP],
        ["phone", PHONE],
      ] as const) {
        const anonymous = await freshContext(browser, viewport, { bypassCSP: true });
        const page = await anonymous.newPage();
        for (const [name, path, heading, text] of signedOut) {
          await page.goto(`${product.url}/#/${path}`);
          await page.getByRole("heading", { name: heading, exact: true }).waitFor();
          if (text) await page.getByText(text).waitFor();
          await screenshot(page, `${name}-${size}`);
          findings.push(...(await pageFindings(page, `${name} (${size})`)));
        }
        await anonymous.close();

        // An unconfirmed citizen (the reminder shows) and the admin.
        const person = await registeredCitizen(product.url, "Janaki Ammal");
        const citizen = await freshContext(browser, viewport, { bypassCSP: true });
        const citizenPage = await signIn(citizen, product.url, person.username, person.password);
        await citizenPage.getByRole("heading", { name: /Confirm your email address: we sent a link to/ }).waitFor();
        await citizenPage.waitForLoadState("networkidle").catch(() => undefined);
        await screenshot(citizenPage, `overview-unconfirmed-${size}`);
        findings.push(...(await pageFindings(citizenPage, `overview, unconfirmed (${size})`)));
        await open(citizenPage, product.url, "account", "My account");
        await citizenPage.getByTestId("session-current").waitFor();
        await screenshot(citizenPage, `account-unconfirmed-${size}`);
        findings.push(...(await pageFindings(citizenPage, `account, unconfirmed (${size})`, { overflow: false })));
        await citizen.close();

        const context = await freshContext(browser, viewport, { bypassCSP: true });
        const adminView = await signIn(context, product.url, "demo_admin", DEMO_PASSWORD);
        for (const [name, heading] of signedIn) {
          await open(adminView, product.url, name, heading);
          await adminView.waitForLoadState("networkidle").catch(() => undefined);
          await adminView.waitForTimeout(300);
          await screenshot(adminView, `${name}-${size}`);
          findings.push(...(await pageFindings(adminView, `${name} (${size})`)));
        }
        // A confirmation dialog, on its own.
        await adminView
          .getByTestId("user-demo_citizen")
          .getByRole("button", { name: "Change role for Demo Citizen" })
          .click();
        await adminView.getByRole("dialog", { name: "Change the role of Demo Citizen?" }).waitFor();
        await screenshot(adminView, `users-role-dialog-${size}`);
        findings.push(...(await pageFindings(adminView, `role dialog (${size})`, { overflow: false })));
        await adminView.keyboard.press("Escape");
        await context.close();
      }
      expect(findings).toEqual([]);
    },
    SLOW,
  );
});

describe("a fresh install: the first visit sets up the administrator account", () => {
  let product: RunningProduct;
  let browser: Browser;

  startForSuite({}, (started) => {
    ({ product, browser } = started);
  });

  it(
    "shows the setup page, takes the code the server printed, and signs the new admin in",
    async () => {
      const printed = await product.waitForOutput(
        /No administrator yet\. Open (\S+) and enter the setup code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/,
      );
      const [, setupUrl, code] = printed;
      expect(setupUrl).toBe(`${product.url}/#/setup`);

      const findings: string[] = [];
      for (const [size, viewport] of [
        ["desktop", DESKTOP],
        ["phone", PHONE],
      ] as const) {
        const look = await freshContext(browser, viewport, { bypassCSP: true });
        const page = await look.newPage();
        await page.goto(product.url);
        await page.getByRole("heading", { name: "Create the administrator account" }).waitFor();
        await screenshot(page, `setup-${size}`);
        findings.push(...(await pageFindings(page, `setup (${size})`)));
        await look.close();
      }
      expect(findings).toEqual([]);

      const context = await freshContext(browser);
      const page = await context.newPage();
      await page.goto(product.url);
      await page.getByRole("heading", { name: "Create the administrator account" }).waitFor();
      await page.getByText("Printed in the server's start-up output").waitFor();
      await page.getByLabel("Setup code").fill("ABCD-EFGH-JKMN");
      await page.getByLabel("Username").fill("first_admin");
      await page.getByLabel("Full name").fill("Asha Admin");
      await page.getByLabel("Email").fill("asha.admin@example.gov");
      await page.getByLabel("Password").fill("administrator passphrase 42");
      await page.getByRole("button", { name: "Create the administrator account" }).click();
      await page.getByText("That setup code is not right: copy it from the server's start-up output").first().waitFor();
      await page.getByLabel("Setup code").fill(code ?? "");
      await page.getByRole("button", { name: "Create the administrator account" }).click();
      // An administrator sets up two-step verification before anything else.
      await page.getByText("Your role needs two-step verification.").waitFor();
      await passSecondFactor(page, "first_admin");
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByText("Asha Admin (Administrator)").waitFor();
      await nav.getByRole("link", { name: "Users" }).click();
      await page.getByTestId("user-first_admin").waitFor();
      await context.close();

      // Done once: the setup page says so, and a signed-out visit shows the sign-in form.
      const later = await freshContext(browser);
      const laterPage = await later.newPage();
      await laterPage.goto(`${product.url}/#/setup`);
      await laterPage.getByRole("heading", { name: "Setup is done" }).waitFor();
      await laterPage.getByRole("link", { name: "Sign in" }).click();
      await laterPage.getByRole("heading", { name: "Sign in" }).waitFor();
      await laterPage.goto(product.url);
      await laterPage.getByRole("heading", { name: "Sign in" }).waitFor();
      await later.close();
    },
    SLOW,
  );
});
