// SPDX-License-Identifier: AGPL-3.0-or-later
// The shared building blocks of every screen: form fields, problems from the API, dialogs,
// tables, actions, and money and time formatting. Screens import them from here.
export * from "./actions";
export * from "./dialog";
export * from "./fields";
export * from "./format";
export * from "./problems";
export * from "./table";
export * from "./payment_fields";
