// SPDX-License-Identifier: AGPL-3.0-or-later
// Where each scrubber finding is fixed. A finding names a path in the claim ("subscriber.member_id",
// "lines[1].modifiers[0]"); the claim was built from the practice's records (domain/claims/
// build.hpp says which), so each path leads back to one record and one of its fields: the claim's
// own details, the coverage, the patient, the visit's charges, or the practice set-up.
import type { ClaimContent } from "./claims_types";

/** What the claim's own dialog edits (PATCH /api/v1/claims/{id}). */
export type ClaimField = "prior_authorization" | "referral_number" | "referring_provider_id" | "onset_date";
/** A field of the visit's charges: diagnosis k, or a part of line i (0-based). */
export type EncounterFocus =
  { diagnosis: number } | { line: number; part: "code" | "modifiers" | "units" | "pointers" | "charge" | "date" };

export type FixTarget =
  | { kind: "claim"; field: ClaimField; what: string }
  | { kind: "coverage"; label: string; what: string }
  | { kind: "patient"; label: string; what: string }
  | { kind: "encounter"; focus: EncounterFocus; what: string }
  | { kind: "admin"; section: "practice" | "payers" | "providers" | "locations"; what: string }
  | { kind: "practice"; what: string }
  | { kind: "none"; what: string };

const index = (part: string) => Number(/\[(\d+)\]/.exec(part)?.[1] ?? 0);

/** The labels of the patient page's fields, by the claim's name of the field. */
function patientLabel(rest: string): string {
  if (rest.startsWith("birth_date")) return "Birth date";
  if (rest.startsWith("sex")) return "Sex";
  if (rest.startsWith("address")) return "Address";
  if (rest.startsWith("name.first")) return "Given name";
  return "Family name";
}

/** Words for the parts of a claim's field paths that are not plain enough as they are. */
const words: Record<string, string> = {
  line1: "street address",
  line2: "address line 2",
  postal_code: "ZIP code",
  member_id: "member ID",
  npi: "NPI",
  tax_id: "tax ID",
  tax_id_kind: "kind of tax ID",
  first: "given name",
  last: "family name",
  payer_id: "payer ID",
};

/** "address.postal_code" → "ZIP code"; "birth_date" → "birth date". */
function plainField(rest: string): string {
  return rest
    .replace(/\[\d+\]/g, "")
    .split(".")
    .filter((part, i, all) => !((part === "address" || part === "name") && i < all.length - 1))
    .map((part) => words[part] ?? part.replace(/_/g, " "))
    .join(" ")
    .trim();
}

/** A finding's message for the screen: the claim-structure check names its field by path
 * ("subscriber.address.line1 is required"); say which record's field that is instead. */
export function findingText(message: string, target: FixTarget): string {
  const m = /^The claim cannot be written: ([a-z_.[\]0-9]+) (.*)$/.exec(message);
  if (!m || !target.what) return message;
  return `The claim cannot be written: ${target.what} ${m[2]}`;
}

/** Where `field` (a path in the claim) is fixed; `content` tells whether the patient is the
 * subscriber (their birth date is then on the patient's record, else on the coverage). */
export function fixFor(field: string, content?: ClaimContent): FixTarget {
  const [head = "", ...restParts] = field.split(".");
  const rest = restParts.join(".");
  const base = head.replace(/\[\d+\]$/, "");
  switch (base) {
    case "":
      return { kind: "none", what: "" };
    case "prior_authorization":
      return { kind: "claim", field: "prior_authorization", what: "the claim's prior authorization number" };
    case "referral_number":
      return { kind: "claim", field: "referral_number", what: "the claim's referral number" };
    case "onset_date":
      return { kind: "claim", field: "onset_date", what: "the claim's onset date" };
    case "referring_provider":
      return { kind: "claim", field: "referring_provider_id", what: "the claim's referring provider" };
    case "patient":
      if (rest.startsWith("relationship"))
        return {
          kind: "coverage",
          label: "Patient's relationship to the subscriber",
          what: "the coverage's relationship to the subscriber",
        };
      return { kind: "patient", label: patientLabel(rest), what: `the patient's ${plainField(rest)}` };
    case "subscriber": {
      if (rest.startsWith("claim_filing_indicator") || rest.startsWith("insurance_type_code"))
        return { kind: "admin", section: "payers", what: `the payer's ${plainField(rest)} (payer set-up)` };
      const person = /^(name|birth_date|sex|address)/.test(rest);
      if (person && !content?.patient)
        return {
          kind: "patient",
          label: patientLabel(rest),
          what: `the patient's ${plainField(rest)} (the patient is the subscriber)`,
        };
      if (person)
        return {
          kind: "coverage",
          label: rest.startsWith("birth_date")
            ? "Subscriber birth date"
            : rest.startsWith("name.first")
              ? "Subscriber given name"
              : rest.startsWith("name")
                ? "Subscriber family name"
                : "Patient's relationship to the subscriber",
          what: `the subscriber's ${plainField(rest)} on the coverage`,
        };
      if (rest.startsWith("group"))
        return { kind: "coverage", label: "Group number", what: "the coverage's group number" };
      return { kind: "coverage", label: "Member ID", what: "the coverage's member ID" };
    }
    case "payer":
      return { kind: "admin", section: "payers", what: `the payer's ${plainField(rest)} (payer set-up)` };
    case "billing_provider":
      return { kind: "admin", section: "practice", what: `the practice's ${plainField(rest) || "billing details"}` };
    case "submitter":
    case "receiver":
      return { kind: "practice", what: `the practice's ${plainField(rest) || "billing details"}` };
    case "rendering_provider":
      return { kind: "admin", section: "providers", what: `the rendering provider's ${plainField(rest)}` };
    case "service_facility":
    case "place_of_service":
      return {
        kind: "admin",
        section: "locations",
        what: base === "place_of_service" ? "the location's place of service" : `the location's ${plainField(rest)}`,
      };
    case "diagnoses":
      return {
        kind: "encounter",
        focus: { diagnosis: /\[/.test(head) ? index(head) : 0 },
        what: /\[/.test(head) ? `diagnosis ${index(head) + 1} of the visit` : "the visit's diagnoses",
      };
    case "lines": {
      const line = index(head);
      const n = line + 1;
      if (rest.startsWith("rendering_provider"))
        return { kind: "admin", section: "providers", what: `line ${n}'s rendering provider` };
      if (rest.startsWith("adjudications"))
        return { kind: "none", what: `what the earlier payer paid on line ${n} (from its remittance)` };
      const part = rest.startsWith("procedure_code")
        ? "code"
        : rest.startsWith("modifiers")
          ? "modifiers"
          : rest.startsWith("units")
            ? "units"
            : rest.startsWith("diagnosis_pointers")
              ? "pointers"
              : rest.startsWith("charge")
                ? "charge"
                : rest.startsWith("service_date")
                  ? "date"
                  : "code";
      const words = {
        code: "procedure code",
        modifiers: "modifiers",
        units: "units",
        pointers: "diagnosis pointers",
        charge: "charge",
        date: "date of service",
      }[part];
      return { kind: "encounter", focus: { line, part }, what: `line ${n}'s ${words}` };
    }
    case "other_payers":
      return { kind: "none", what: "an earlier payer's part (from its remittance)" };
    default:
      return { kind: "none", what: plainField(field) };
  }
}

/** Focuses the form control labelled `label` inside `root`; false when there is none. */
export function focusLabelled(root: ParentNode | null, label: string): boolean {
  if (!root) return false;
  for (const l of Array.from(root.querySelectorAll("label"))) {
    if (l.textContent?.trim() !== label) continue;
    const control = l.htmlFor ? document.getElementById(l.htmlFor) : l.querySelector("input,select,textarea");
    if (control instanceof HTMLElement) {
      control.focus();
      control.scrollIntoView({ block: "center" });
      return true;
    }
  }
  return false;
}

/** Focuses the field labelled `label` on the page being opened, once it has rendered (the
 * patient page loads its record first); gives up after a few seconds. */
export function focusWhenShown(label: string, within = "main", timeoutMs = 8000) {
  const tryNow = () => focusLabelled(document.querySelector(within), label);
  if (tryNow()) return;
  const obs = new MutationObserver(() => {
    if (tryNow()) obs.disconnect();
  });
  obs.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => obs.disconnect(), timeoutMs);
}

/** The newest open dialog (a dialog opened over another is later in the document). */
export function topDialog(): HTMLDialogElement | null {
  const open = document.querySelectorAll("dialog[open]");
  return (open[open.length - 1] as HTMLDialogElement | undefined) ?? null;
}
