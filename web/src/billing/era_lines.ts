// SPDX-License-Identifier: AGPL-3.0-or-later
// The claims and service lines of an 835 as the payer sent them, read in the browser only to
// place the server's refusal of a file that does not balance ("claim 2 line 1") beside the
// payer's own figures. A posting report needs none of it: the server lists each posted claim's
// matched lines (PostedClaim.lines). Display only; a file this reader does not follow just
// places nothing.

export interface Adjustment {
  /** CAS01: CO contractual obligation, PR patient responsibility, OA other, PI payer initiated. */
  group: string;
  /** The claim adjustment reason code (CARC). */
  reason: string;
  cents: number;
}

export interface EraLine {
  /** SVC01 as billed: the code and its modifiers. */
  code: string;
  modifiers: string[];
  chargeCents: number;
  paidCents: number;
  units: string;
  /** REF*6R: our line's control number, when the payer echoed it. */
  lineControl: string;
  adjustments: Adjustment[];
}

export interface EraClaim {
  /** CLP01, our claim number. */
  claim: string;
  status: string;
  chargeCents: number;
  paidCents: number;
  /** Claim-level CAS (applied across the lines by the posting). */
  adjustments: Adjustment[];
  lines: EraLine[];
}

/** Claims per transaction set (index 0 = the file's first ERA), in file order. */
export type EraFile = EraClaim[][];

/** "125.00", "-80", ".5" → cents, without floating point; NaN when it is no amount. */
export function amountCents(text: string): number {
  const m = /^(-?)(\d*)(?:\.(\d{0,2})\d*)?$/.exec(text.trim());
  if (!m || (m[2] === "" && m[3] === undefined)) return NaN;
  const cents = Number(m[2] || "0") * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -cents : cents;
}

function casOf(e: string[]): Adjustment[] {
  const out: Adjustment[] = [];
  for (let i = 2; i + 1 < e.length; i += 3) {
    if (!e[i]) continue;
    out.push({ group: e[1], reason: e[i], cents: amountCents(e[i + 1] ?? "") });
  }
  return out;
}

/** Reads the claims and lines of an 835; null when the text is no X12 interchange. */
export function readEra(text: string): EraFile | null {
  const start = text.indexOf("ISA");
  if (start < 0 || text.length < start + 106) return null;
  const elementSep = text[start + 3];
  const componentSep = text[start + 104];
  const segmentSep = text[start + 105];
  const out: EraFile = [];
  let claims: EraClaim[] | null = null;
  let claim: EraClaim | null = null;
  let line: EraLine | null = null;
  for (const raw of text.slice(start).split(segmentSep)) {
    const seg = raw.trim();
    if (!seg) continue;
    const e = seg.split(elementSep);
    switch (e[0]) {
      case "ST":
        claims = [];
        out.push(claims);
        claim = null;
        line = null;
        break;
      case "CLP":
        claim = {
          claim: e[1] ?? "",
          status: e[2] ?? "",
          chargeCents: amountCents(e[3] ?? ""),
          paidCents: amountCents(e[4] ?? ""),
          adjustments: [],
          lines: [],
        };
        claims?.push(claim);
        line = null;
        break;
      case "SVC": {
        if (!claim) break;
        // SVC06, when present, is the procedure as billed (SVC01 then is as adjudicated).
        const billed = (e[6] || e[1] || "").split(componentSep);
        line = {
          code: billed[1] ?? "",
          modifiers: billed.slice(2, 6).filter(Boolean),
          chargeCents: amountCents(e[2] ?? ""),
          paidCents: amountCents(e[3] ?? ""),
          units: e[7] || e[5] || "1",
          lineControl: "",
          adjustments: [],
        };
        claim.lines.push(line);
        break;
      }
      case "CAS":
        if (line) line.adjustments.push(...casOf(e));
        else if (claim) claim.adjustments.push(...casOf(e));
        break;
      case "REF":
        if (line && e[1] === "6R") line.lineControl = e[2] ?? "";
        break;
      case "PLB":
      case "SE":
        claim = null;
        line = null;
        break;
    }
  }
  return out;
}
