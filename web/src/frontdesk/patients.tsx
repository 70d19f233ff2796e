// SPDX-License-Identifier: AGPL-3.0-or-later
// Patients: search as you type (name, birth date, phone or MRN) and open a record.
import { useState } from "preact/hooks";
import { Alert, ListTable, personName, Spinner } from "../components";
import { linkClick } from "../router";
import { can, useApp } from "../state";
import { usePatientSearch } from "./patient_picker";

export function PatientsPage() {
  const { user } = useApp();
  const [text, setText] = useState("");
  const { items, loading, error } = usePatientSearch(text, 50);
  return (
    <main id="main" class="page">
      <div class="toolbar">
        <h1>Patients</h1>
        {can(user, "patient.write") && (
          <a class="button primary" href="/patients/new" onClick={linkClick}>
            Register a patient
          </a>
        )}
      </div>
      <div class="field search">
        <label for="patient-search">Search</label>
        <input
          id="patient-search"
          type="search"
          autoFocus
          autocomplete="off"
          placeholder="Name (Family, Given), birth date, phone or MRN"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {error && <Alert>{error}</Alert>}
      {loading && <Spinner label="Searching" />}
      {text.trim().length >= 2 && !loading && items.length === 0 && !error && <p>No patient matches.</p>}
      {items.length > 0 && (
        <ListTable headers={["Name", "Birth date", "MRN", "Phone"]} caption="Matching patients">
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <a href={`/patients/${p.id}`} onClick={linkClick}>
                  {personName(p)}
                  {p.middle_name ? ` ${p.middle_name}` : ""}
                </a>
              </td>
              <td>{p.birth_date}</td>
              <td>{p.mrn}</td>
              <td>{p.phone ?? ""}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </main>
  );
}
