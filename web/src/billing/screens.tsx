// SPDX-License-Identifier: AGPL-3.0-or-later
// THE LIST OF BILLING SCREENS. A new billing screen is a file in this folder (its dialogs in
// files of their own) and one entry here: its tab under Billing, who sees it, and its pages.
// The Billing entry of the main navigation shows when the user may use any of them.
import type { Route } from "../router";

export interface BillingScreen {
  /** The tab's path part: the screen lives at /billing/<key> and below. */
  key: string;
  label: string;
  /** Any one of these permissions shows the tab (the server checks every call regardless). */
  perms: string[];
  /** The screen's pages, their paths relative to /billing/<key>: "" is the tab itself, ":id" one item. */
  pages: Route[];
}

export const billingScreens: BillingScreen[] = [];
