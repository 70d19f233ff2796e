#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes docs/api/openapi.json. Edit this file, run it, and commit both.
The unit test OpenApi.DocumentsEveryRegisteredRoute fails when a route is missing here."""
import json
import sys, os

def ref(name): return {"$ref": f"#/components/schemas/{name}"}
def s(t="string", **kw): return {"type": t, **kw}
def nullable(schema): return {"oneOf": [schema, {"type": "null"}]}

address = {"type": "object", "additionalProperties": False, "required": ["line1", "city", "state", "postal_code"],
           "properties": {"line1": s(maxLength=55), "line2": nullable(s(maxLength=55)), "city": s(maxLength=30),
                          "state": s(pattern="^[A-Z]{2}$", description="USPS state code"),
                          "postal_code": s(pattern="^[0-9]{5}(-?[0-9]{4})?$")}}
meta = {"id": s("integer", readOnly=True), "version": s("integer", readOnly=True),
        "created_at": s(format="date-time", readOnly=True), "updated_at": s(format="date-time", readOnly=True)}
npi = s(pattern="^[12][0-9]{9}$", description="10 digits; Luhn check digit over 80840 + first 9")
phone = s(pattern="^\\+[1-9][0-9]{1,14}$", description="E.164")

schemas = {
  "Address": address,
  "Organization": {"type": "object", "required": ["legal_name", "npi", "tin", "billing_address"], "properties": {
      **meta, "legal_name": s(maxLength=60), "npi": npi, "tin": s(description="9 digits; 12-3456789 accepted"),
      "taxonomy": nullable(s(pattern="^[0-9A-Z]{9}X$")), "phone": nullable(phone),
      "billing_address": ref("Address"), "active": s("boolean")}},
  "Location": {"type": "object", "required": ["name", "address", "place_of_service", "time_zone"], "properties": {
      **meta, "organization_id": s("integer", readOnly=True), "name": s(maxLength=60), "address": ref("Address"),
      "place_of_service": s(pattern="^[0-9]{2}$", description="CMS place-of-service code, 11 = office"),
      "time_zone": s(description="IANA zone, e.g. America/Chicago"), "phone": nullable(phone),
      "active": s("boolean", readOnly=True)}},
  "Provider": {"type": "object", "required": ["family_name", "given_name", "npi"], "properties": {
      **meta, "organization_id": s("integer", readOnly=True), "family_name": s(maxLength=60),
      "given_name": s(maxLength=35), "credentials": nullable(s(maxLength=20)), "npi": npi,
      "taxonomy": nullable(s(pattern="^[0-9A-Z]{9}X$")), "specialty": nullable(s(maxLength=80)),
      "location_ids": s("array", items=s("integer")), "active": s("boolean", readOnly=True)}},
  "Payer": {"type": "object", "required": ["name", "x12_payer_id", "claim_filing_indicator"], "properties": {
      **meta, "organization_id": s("integer", readOnly=True), "name": s(maxLength=60),
      "x12_payer_id": s(pattern="^[A-Za-z0-9]{2,80}$"),
      "claim_filing_indicator": s(description="X12 SBR09, e.g. MB, MC, CI, BL, HM"),
      "timely_filing_days": s("integer", minimum=1, maximum=3650, default=365),
      "phone": nullable(phone), "address": nullable(ref("Address")), "active": s("boolean", readOnly=True)}},
  "Subscriber": {"type": "object", "properties": {
      "relationship": s(description="self, spouse, child, employee, life_partner, other, unknown, or an X12 code (18 = self)"),
      "family_name": s(), "given_name": s(), "birth_date": s(format="date"), "sex": s(enum=["female", "male", "other", "unknown"]),
      "address": nullable(ref("Address"))}},
  "Coverage": {"type": "object", "required": ["patient_id", "payer_id", "member_id", "effective_date"], "properties": {
      **meta, "organization_id": s("integer", readOnly=True), "patient_id": s("integer"), "payer_id": s("integer"),
      "member_id": s(maxLength=80), "group_number": nullable(s(maxLength=50)), "plan_name": nullable(s(maxLength=60)),
      "subscriber": ref("Subscriber"), "priority": s(enum=["primary", "secondary", "tertiary"], default="primary"),
      "effective_date": s(format="date"), "end_date": nullable(s(format="date")),
      "copay_cents": s("integer", minimum=0, maximum=1000000, description="integer cents"),
      "active": s("boolean", readOnly=True)}},
  "Patient": {"type": "object", "required": ["family_name", "given_name", "birth_date", "sex"], "properties": {
      **meta, "organization_id": s("integer", readOnly=True),
      "mrn": s(readOnly=True, description="MRN + 8 digits + Luhn check digit"),
      "family_name": s(maxLength=60), "given_name": s(maxLength=35), "middle_name": nullable(s(maxLength=25)),
      "birth_date": s(format="date", description="not in the future"), "sex": s(enum=["female", "male", "other", "unknown"]),
      "phone": nullable(phone), "email": nullable(s(format="email")), "address": nullable(ref("Address")),
      "preferred_language": s(default="en", description="BCP 47"),
      "contact_preferences": {"type": "object", "properties": {
          "preferred_channel": s(enum=["sms", "email", "voice", "mail", "none"]), "allow_sms": s("boolean"),
          "allow_email": s("boolean"), "allow_voice": s("boolean"), "allow_mail": s("boolean")}},
      "emergency_contact": nullable({"type": "object", "properties": {"name": s(), "relationship": s(), "phone": phone}}),
      "guarantor": {"type": "object", "properties": {
          "relationship": s(enum=["self", "parent", "spouse", "legal_guardian", "other"]), "family_name": s(),
          "given_name": s(), "birth_date": s(format="date"), "phone": phone, "address": nullable(ref("Address"))}},
      "status": s(enum=["active", "archived", "merged"], readOnly=True),
      "merged_into_id": nullable(s("integer", readOnly=True)),
      "account_id": {**nullable(s("integer")), "readOnly": True,
                     "description": "the guarantor account the patient's charges go to; null until first billed (or linked by "
                                    "`medoffice migrate`); changed with PUT /api/v1/patients/{id}/account"},
      "possible_duplicates": s("array", readOnly=True, description="only in the 201 answer of a registration",
                               items={"type": "object", "properties": {"id": s("integer"), "mrn": s(), "reason": s()}})}},
  "PatientMerge": {"type": "object", "properties": {"target_id": s("integer"), "source_id": s("integer"),
      "source_mrn": s(), "coverages_moved": s("integer"), "merged_at": s(format="date-time")}},
  "Problem": {"type": "object", "description": "RFC 9457 problem details", "properties": {
      "type": s(), "title": s(), "status": s("integer"), "detail": s(),
      "errors": s("array", items={"type": "object", "properties": {"field": s(), "message": s()}})}},
  "Health": {"type": "object", "properties": {"status": s(), "database": s(), "engine": s(), "schema_version": s("integer")}},
}

def page(name):
    return {"type": "object", "properties": {"items": s("array", items=ref(name)), "next_cursor": nullable(s())}}

problem = {"description": "Problem", "content": {"application/problem+json": {"schema": ref("Problem")}}}
def errs(*codes):
    return {str(c): {"$ref": f"#/components/responses/Problem"} for c in codes}
def body(name, ct="application/json"):
    return {"required": True, "content": {ct: {"schema": ref(name)}}}
def ok(name, status="200", desc="OK"):
    return {status: {"description": desc, "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                     "content": {"application/json": {"schema": ref(name)}}}}

P = "#/components/parameters/"
params = {
  "id": {"name": "id", "in": "path", "required": True, "schema": s("integer", minimum=1)},
  "cursor": {"name": "cursor", "in": "query", "schema": s(), "description": "next_cursor of the previous page"},
  "limit": {"name": "limit", "in": "query", "schema": s("integer", minimum=1, maximum=200, default=50)},
  "include_inactive": {"name": "include_inactive", "in": "query", "schema": s("boolean", default=False)},
  "IfMatch": {"name": "If-Match", "in": "header", "required": True, "schema": s(),
              "description": "the ETag read; 428 when absent, 412 when stale"},
  "IdempotencyKey": {"name": "Idempotency-Key", "in": "header", "schema": s(maxLength=255),
                     "description": "retries with the same key and body get the first answer"},
}
def p(*names): return [{"$ref": P + n} for n in names]

paths = {}
def resource(coll, name, noun, tag, read, write, archive=True, create=True, extra_list=(), list_desc=""):
    list_params = p("cursor", "limit", "include_inactive") + list(extra_list)
    paths[coll] = {
      "get": {"tags": [tag], "summary": f"List {noun}s", "description": list_desc, "parameters": list_params,
              "x-permission": read,
              "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": page(name)}}}, **errs(409, 422)}}}
    if create:
        paths[coll]["post"] = {"tags": [tag], "summary": f"Create a {noun}", "parameters": p("IdempotencyKey"), "requestBody": body(name),
               "x-permission": write,
               "responses": {**ok(name, "201", "Created"), **errs(409, 413, 415, 422)}}
    one = coll + "/{id}"
    paths[one] = {
      "get": {"tags": [tag], "summary": f"Read a {noun}", "parameters": p("id"), "x-permission": read, "responses": {**ok(name), "304": {"description": "Not modified (If-None-Match)"}, **errs(404)}},
      "put": {"tags": [tag], "summary": f"Replace a {noun}", "parameters": p("id", "IfMatch"), "requestBody": body(name),
              "x-permission": write,
              "responses": {**ok(name), **errs(404, 409, 412, 415, 422, 428)}},
      "patch": {"tags": [tag], "summary": f"Change some fields of a {noun} (JSON merge patch, RFC 7396)",
                "parameters": p("id", "IfMatch"), "x-permission": write,
                "requestBody": {"required": True, "content": {"application/merge-patch+json": {"schema": {"type": "object"}}}},
                "responses": {**ok(name), **errs(404, 409, 412, 415, 422, 428)}}}
    if archive:
        for action, verb in (("archive", "Archive"), ("restore", "Restore")):
            paths[f"{one}/{action}"] = {"post": {"tags": [tag], "summary": f"{verb} a {noun}", "parameters": p("id", "IfMatch"),
                                                 "x-permission": write,
                                                 "responses": {**ok(name), **errs(404, 409, 412, 428)}}}

PR, PA, PTR, PTW = "practice.read", "practice.admin", "patient.read", "patient.write"
resource("/api/v1/organizations", "Organization", "organization", "Practice", PR, PA, archive=False, create=False,
         list_desc="Your own organization (one item). New organizations are created with `medoffice org add` or `medoffice demo`.")
resource("/api/v1/locations", "Location", "location", "Practice", PR, PA)
resource("/api/v1/providers", "Provider", "provider", "Practice", PR, PA)
resource("/api/v1/payers", "Payer", "payer", "Insurance", PR, PA)
resource("/api/v1/coverages", "Coverage", "coverage", "Insurance", PTR, PTW,
         extra_list=[{"name": "patient_id", "in": "query", "schema": s("integer")}])
q = lambda n, d, **kw: {"name": n, "in": "query", "schema": s(**kw), "description": d}
resource("/api/v1/patients", "Patient", "patient", "Patients", PTR, PTW, extra_list=[
    q("q", "free text: family-name prefix, 'Family, Given', 'Given Family', a birth date (YYYY-MM-DD or MM/DD/YYYY), a phone number or an MRN"),
    q("family", "family-name prefix"), q("given", "given-name prefix"), q("birth_date", "exact date", format="date"),
    q("phone", "phone number, any common US format"), q("mrn", "exact MRN"),
    q("status", "active (default), archived, merged or any")],
    list_desc="Search patients. Results come in name order; use next_cursor for the next page.")
paths["/api/v1/patients/{id}/merge"] = {"post": {"tags": ["Patients"], "summary": "Merge another record (source_id) into this patient",
    "parameters": p("id", "IfMatch"), "x-permission": "patient.merge",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["source_id"],
                    "properties": {"source_id": s("integer")}}}}},
    "responses": {**ok("Patient"), **errs(404, 409, 412, 422, 428)}}}
paths["/api/v1/patients/{id}/merges"] = {"get": {"tags": ["Patients"], "summary": "Merge history of a patient", "parameters": p("id"),
    "x-permission": "patient.read",
    "responses": {"200": {"description": "Merges", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "items": s("array", items=ref("PatientMerge")), "next_cursor": s("null")}}}}}, **errs(404)}}}
# ---- scheduling (issue 4) ----
hhmm = s(pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$", description="local time of day at the location")
ids = lambda d: s("array", items=s("integer"), description=d)
schemas.update({
  "AppointmentType": {"type": "object", "required": ["name", "duration_minutes"], "properties": {
      **meta, "organization_id": s("integer", readOnly=True), "name": s(maxLength=100),
      "duration_minutes": s("integer", minimum=5, maximum=480),
      "buffer_before_minutes": s("integer", minimum=0, maximum=120), "buffer_after_minutes": s("integer", minimum=0, maximum=120),
      "colour": s(pattern="^#[0-9A-Fa-f]{6}$"), "telehealth": s("boolean"),
      "requires_room": s("boolean", description="default: not telehealth"),
      "default_cpt_codes": s("array", items=s(pattern="^[0-9]{4}[0-9FTU]$|^[A-V][0-9]{4}$"), maxItems=12),
      "provider_ids": ids("providers who offer it; empty: every provider"), "active": s("boolean", readOnly=True)}},
  "Room": {"type": "object", "required": ["name", "location_id"], "properties": {
      **meta, "organization_id": s("integer", readOnly=True), "location_id": s("integer"), "name": s(maxLength=60),
      "active": s("boolean", readOnly=True)}},
  "AvailabilityRule": {"type": "object", "required": ["provider_id", "location_id", "weekdays", "start_time", "end_time", "effective_from"],
      "properties": {**meta, "organization_id": s("integer", readOnly=True), "provider_id": s("integer"), "location_id": s("integer"),
      "weekdays": s("array", items=s(enum=["MO", "TU", "WE", "TH", "FR", "SA", "SU"])),
      "start_time": hhmm, "end_time": hhmm, "effective_from": s(format="date"), "effective_to": nullable(s(format="date")),
      "appointment_type_ids": ids("types bookable in these hours; empty: every type"), "active": s("boolean", readOnly=True)}},
  "Appointment": {"type": "object", "required": ["patient_id", "provider_id", "location_id", "appointment_type_id", "start", "end"],
      "properties": {**meta, "organization_id": s("integer", readOnly=True), "patient_id": s("integer"), "provider_id": s("integer"),
      "location_id": s("integer"), "room_id": nullable(s("integer")), "appointment_type_id": s("integer"),
      "start": s(format="date-time"), "end": s(format="date-time", description="half-open: [start, end)"),
      "status": s(enum=["booked", "confirmed", "arrived", "roomed", "with_provider", "checked_out", "cancelled", "no_show"], readOnly=True),
      "series_id": nullable(s("integer", readOnly=True)), "series_exception": s("boolean", readOnly=True, description="an occurrence moved on its own (only with series_id)"),
      "demographics_confirmed": s("boolean", readOnly=True), "coverage_confirmed_id": nullable(s("integer", readOnly=True)), "overbooked": s("boolean", readOnly=True), "walk_in": s("boolean"),
      "note": s(maxLength=500), "cancel_reason": nullable(s(readOnly=True)), "late_cancel": s("boolean", readOnly=True),
      "status_times": s("object", readOnly=True, description="status -> {at, by (user id)} for every status entered"),
      "overbook": s("boolean", writeOnly=True, description="book over a conflict or outside availability (schedule.overbook)"),
      "rrule": s(writeOnly=True, description="book a recurring series: RFC 5545 subset (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, COUNT, UNTIL, "
                 "BYDAY incl. 2TU/-1FR, BYMONTHDAY, BYSETPOS, WKST); at most 200 occurrences or two years ahead, said in series.note"),
      "skip_conflicts": s("boolean", writeOnly=True, description="series: book what fits and list the rest in series.skipped; "
                          "otherwise any failing occurrence fails the series (409/422 with errors occurrences[N])"),
      "series": s("object", readOnly=True, description="only in the 201 answer of a series: id, booked, appointment_ids, skipped[{start, reason}], truncated, note")}},
  "Slot": {"type": "object", "properties": {"start": s(format="date-time"), "end": s(format="date-time"),
      "provider_id": s("integer"), "location_id": s("integer")}},
})
SR, SW, SS = "schedule.read", "schedule.write", "schedule.setup"
resource("/api/v1/appointment-types", "AppointmentType", "appointment type", "Scheduling", PR, SS)
resource("/api/v1/rooms", "Room", "room", "Scheduling", PR, SS,
         extra_list=[{"name": "location_id", "in": "query", "schema": s("integer")}], list_desc="Every room (one page).")
resource("/api/v1/availability-rules", "AvailabilityRule", "availability rule", "Scheduling", PR, SS,
         extra_list=[{"name": "provider_id", "in": "query", "schema": s("integer")}],
         list_desc="Weekly availability templates (one page).")
qs = lambda n, d, **kw: {"name": n, "in": "query", "schema": s(**kw), "description": d}
paths["/api/v1/slots"] = {"get": {"tags": ["Scheduling"], "summary": "Find open slots", "x-permission": SR,
    "description": "The first `limit` open slots across providers, earliest first: availability rules minus blocks, "
                   "other appointments (with buffers), the patient's own appointments and busy rooms.",
    "parameters": [qs("appointment_type_id", "required", type="integer"), qs("location_id", "required", type="integer"),
                   {"name": "provider_id", "in": "query", "schema": s("integer"), "description": "may repeat; none: every provider there",
                    "style": "form", "explode": True},
                   qs("patient_id", "skip the patient's own conflicts", type="integer"),
                   qs("from", "default now", format="date-time"), qs("to", "default from + 14 days; at most 93 days", format="date-time"),
                   qs("time_from", "earliest local start, HH:MM"), qs("time_to", "latest local start, HH:MM"),
                   qs("limit", "1-100, default 10", type="integer")],
    "responses": {"200": {"description": "Slots", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "items": s("array", items=ref("Slot"))}}}}}, **errs(404, 422)}}}
paths["/api/v1/appointments"] = {
  "post": {"tags": ["Scheduling"], "summary": "Book an appointment", "x-permission": SW, "parameters": p("IdempotencyKey"), "requestBody": body("Appointment"),
           "description": "409 when the provider, patient or room is busy (the answer gives the other appointment's local time). "
                          "`overbook: true` needs schedule.overbook; booking into the past needs schedule.backdate.",
           "responses": {**ok("Appointment", "201", "Booked"), **errs(404, 409, 415, 422)}},
  "get": {"tags": ["Scheduling"], "summary": "Appointments in a time range", "x-permission": SR,
          "parameters": [qs("from", "required", format="date-time"), qs("to", "required; at most 42 days after from (3660 with patient_id)", format="date-time"),
                         qs("location_id", "", type="integer"), qs("provider_id", "", type="integer"),
                         qs("patient_id", "", type="integer"), qs("room_id", "", type="integer"),
                         qs("include_cancelled", "also cancelled and no-show", type="boolean")],
          "responses": {"200": {"description": "Appointments in start order", "content": {"application/json": {"schema": page("Appointment")}}}, **errs(422)}}}
paths["/api/v1/appointments/{id}"] = {"get": {"tags": ["Scheduling"], "summary": "Read an appointment", "x-permission": SR,
    "parameters": p("id"), "responses": {**ok("Appointment"), **errs(404)}}}
for action, summary in (("confirm", "Confirm an appointment"),
                        ("room", "Put the patient in a room (body: room_id)"), ("start", "The provider starts the visit"),
                        ("cancel", "Cancel an appointment (body: reason)"),
                        ("no-show", "Mark a no-show (after the start time)")):
    paths[f"/api/v1/appointments/{{id}}/{action}"] = {"post": {"tags": ["Scheduling"], "summary": summary, "x-permission": SW,
        "parameters": p("id"), "description": "An illegal step for the current status answers 409.",
        "requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object", "properties": {
            "reason": s(maxLength=200), "room_id": s("integer"),
            "scope": s(enum=["this", "following", "all"], description="cancel: this occurrence, it and the later ones, or every future one of its series")}}}}},
        "responses": {**ok("Appointment"), **errs(404, 409, 412, 422)}}}

schemas["ScheduleBlock"] = {"type": "object", "required": ["start", "end"], "properties": {
    **meta, "organization_id": s("integer", readOnly=True), "kind": s(enum=["time_off", "holiday", "block"]),
    "provider_id": nullable(s("integer", description="none: every provider at location_id")),
    "location_id": nullable(s("integer", description="none: every location of provider_id")),
    "start": s(format="date-time"), "end": s(format="date-time"), "reason": s(maxLength=200)}}
paths["/api/v1/appointments/{id}/reschedule"] = {"post": {"tags": ["Scheduling"], "x-permission": SW,
    "summary": "Move an appointment to another time, provider or room", "parameters": p("id"),
    "description": "Only booked or confirmed appointments move; the same checks as booking (409 on a conflict). If-Match is optional.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["start", "end"],
        "properties": {"start": s(format="date-time"), "end": s(format="date-time"), "provider_id": s("integer"),
                       "room_id": s("integer"), "overbook": s("boolean"),
                       "scope": s(enum=["this", "following", "all"], description="an occurrence of a series: move only it (it becomes an exception), it and the later ones, or every future one; each keeps its date shifted by the same number of days and takes the new local time and length; exceptions, cancelled and under-way occurrences stay")}}}}},
    "responses": {**ok("Appointment"), **errs(404, 409, 412, 415, 422)}}}
paths["/api/v1/schedule-blocks"] = {
  "post": {"tags": ["Scheduling"], "summary": "Block time (time off, a holiday, a meeting)", "x-permission": SS,
           "requestBody": body("ScheduleBlock"), "responses": {**ok("ScheduleBlock", "201", "Created"), **errs(415, 422)}},
  "get": {"tags": ["Scheduling"], "summary": "Blocks in a time range", "x-permission": PR,
          "parameters": [qs("from", "required", format="date-time"), qs("to", "required", format="date-time"),
                         qs("provider_id", "", type="integer"), qs("location_id", "", type="integer")],
          "responses": {"200": {"description": "Blocks", "content": {"application/json": {"schema": page("ScheduleBlock")}}}, **errs(422)}}}
paths["/api/v1/schedule-blocks/{id}"] = {"delete": {"tags": ["Scheduling"], "summary": "Remove a block", "x-permission": SS,
    "parameters": p("id"), "responses": {"204": {"description": "Removed"}, **errs(404)}}}

# ---- front desk: check-in with co-pay, check-out with follow-up, payments, waitlist ----------
PC = "payment.collect"
schemas["Payment"] = {"type": "object", "required": ["amount_cents", "method"], "properties": {
    "id": s("integer", readOnly=True), "receipt_number": s(readOnly=True, description="R-000042: unique per practice, increasing"),
    "patient_id": s("integer", description="required unless appointment_id is given"),
    "appointment_id": nullable(s("integer")), "location_id": nullable(s("integer", readOnly=True)),
    "coverage_id": nullable(s("integer", readOnly=True)),
    "amount_cents": s("integer", minimum=1, maximum=10000000), "amount": s(readOnly=True, description="dollars, e.g. 25.00"),
    "method": s(enum=["cash", "check", "card", "other"]),
    "reference": s(description="check: its number (required, 1-20 letters or digits); card (optional): the card terminal's reference "
                   "for the sale (approval code, transaction or retrieval reference number; at most 40 letters, digits or hyphens) "
                   "or the card's last four digits, never the card number (a Luhn-valid run of 13-19 digits is refused); "
                   "cash and other: at most 40 characters"),
    "kind": s(enum=["copay", "patient_payment"], default="copay",
              description="copay: waits as credit on the account for its visit's charges (allocate defaults to none); "
                          "patient_payment: pays what the patient owes (allocate defaults to oldest_first)"),
    "received_at": s(format="date-time", readOnly=True),
    "received_by": s("integer", readOnly=True),
    "posted": s("boolean", readOnly=True, description="posted to the ledger: payments are posted in the transaction that takes them; "
                                                      "`medoffice migrate` posts those taken before billing existed"),
    "account_id": {**nullable(s("integer")), "readOnly": True, "description": "the guarantor account it was posted to (the patient's)"},
    "unallocated_cents": s("integer", minimum=0, readOnly=True,
                           description="the part no charge line has taken yet (credit on the account); refundable"),
    "allocate": s(enum=["oldest_first", "none"], writeOnly=True,
                  description="oldest_first: to the lines the patient's account owes on (every patient of the account), oldest date of "
                              "service first, the rest stays as credit; none: all of it stays as credit (a prepayment). Default by kind"),
    "allocations": s("array", writeOnly=True, maxItems=200, items={"type": "object", "required": ["line_id", "amount_cents"], "properties": {
                         "line_id": s("integer", minimum=1, description="a charge line of the patient's account"),
                         "amount_cents": s("integer", minimum=1, maximum=2**53, description="at most what the patient owes on the line")}},
                     description="by hand, instead of allocate: each amount of this payment to a line; all or nothing (422 naming "
                                 "allocations[N], and the payment is not taken)"),
    "version": s("integer", readOnly=True), "created_at": s(format="date-time", readOnly=True), "updated_at": s(format="date-time", readOnly=True)}}
schemas["WaitlistEntry"] = {"type": "object", "required": ["patient_id", "appointment_type_id", "location_id", "window_from", "window_to"], "properties": {
    **meta, "organization_id": s("integer", readOnly=True), "patient_id": s("integer"), "appointment_type_id": s("integer"),
    "location_id": s("integer"), "provider_ids": s("array", items=s("integer"), description="empty: any provider"),
    "weekdays": s("array", items=s(enum=["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), description="default every day"),
    "time_from": s(description="earliest local start, HH:MM (default 00:00)"), "time_to": s(description="latest local start, HH:MM (default 24:00)"),
    "window_from": s(format="date"), "window_to": s(format="date", description="within a year of window_from"),
    "priority": s("integer", minimum=1, maximum=5, description="1 most urgent; default 3"),
    "appointment_id": nullable(s("integer", description="the patient's booked visit to move earlier")),
    "note": s(maxLength=500), "status": s(enum=["waiting", "booked", "removed"], readOnly=True),
    "booked_appointment_id": nullable(s("integer", readOnly=True))}}
schemas["WaitlistOffer"] = {"type": "object", "properties": {
    "id": s("integer"), "entry_id": s("integer"), "patient_id": s("integer"), "provider_id": s("integer"),
    "location_id": s("integer"), "appointment_type_id": s("integer"), "start": s(format="date-time"), "end": s(format="date-time"),
    "rank": s("integer", description="1: the best-matching entry for this slot"),
    "status": s(enum=["open", "booked", "declined", "taken"]), "appointment_id": nullable(s("integer")),
    "version": s("integer"), "created_at": s(format="date-time"), "updated_at": s(format="date-time")}}
paths["/api/v1/appointments/{id}/check-in"] = {
  "get": {"tags": ["Front desk"], "summary": "What to confirm at check-in", "x-permission": SW, "parameters": p("id"),
          "description": "The appointment, the patient's demographics, the primary coverage in force on the visit's local date, "
                         "its payer, the co-pay due and the co-pays already taken. Audited (a PHI read).",
          "responses": {"200": {"description": "Check-in summary", "content": {"application/json": {"schema": {"type": "object", "properties": {
              "appointment": ref("Appointment"), "patient": ref("Patient"), "primary_coverage": nullable(ref("Coverage")),
              "payer_name": nullable(s()), "copay_due_cents": s("integer"), "copay_paid_cents": s("integer"),
              "payments": s("array", items=ref("Payment"))}}}}}, **errs(403, 404)}},
  "post": {"tags": ["Front desk"], "summary": "Check the patient in (and take the co-pay)", "x-permission": SW, "parameters": p("id"),
           "description": "Arrived, with who and when. Records whether demographics and the primary coverage were confirmed; "
                          "`copay` takes a payment (needs payment.collect) with a receipt number, in the same transaction. "
                          "An appointment that cannot be checked in answers 409.",
           "requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object", "properties": {
               "demographics_confirmed": s("boolean"), "coverage_confirmed": s("boolean"),
               "copay": {"type": "object", "properties": {"amount_cents": s("integer"), "method": s(enum=["cash", "check", "card", "other"]),
                                                          "reference": s()}}}}}}},
           "responses": {"200": {"description": "The appointment, with `payment` (the receipt) or null", "content": {"application/json": {
               "schema": {"allOf": [ref("Appointment"), {"type": "object", "properties": {"payment": nullable(ref("Payment"))}}]}}}},
               **errs(403, 404, 409, 412, 415, 422)}}}
paths["/api/v1/appointments/{id}/check-out"] = {"post": {"tags": ["Front desk"], "summary": "Check the patient out (and book the follow-up)",
    "x-permission": SW, "parameters": p("id"),
    "description": "`follow_up` books the next visit (same provider, location and type unless given) in the same transaction: "
                   "if it cannot be booked nothing changes and the errors are named follow_up.*.",
    "requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object", "properties": {
        "follow_up": {"type": "object", "required": ["start", "end"], "properties": {"start": s(format="date-time"), "end": s(format="date-time"),
            "appointment_type_id": s("integer"), "provider_id": s("integer"), "room_id": s("integer"), "note": s(maxLength=500)}}}}}}},
    "responses": {"200": {"description": "The appointment, with `follow_up` or null", "content": {"application/json": {
        "schema": {"allOf": [ref("Appointment"), {"type": "object", "properties": {"follow_up": nullable(ref("Appointment"))}}]}}}},
        **errs(403, 404, 409, 412, 415, 422)}}}
paths["/api/v1/payments"] = {
  "post": {"tags": ["Front desk"], "summary": "Take a desk payment; answers the receipt", "x-permission": PC,
           "description": "A co-pay or a payment on account. It is posted to the patient's guarantor account in the same transaction "
                          "(the account is opened on first use) and allocated as `allocate` or `allocations` say; the answer's "
                          "unallocated_cents is what is left as credit. The entries are in GET /api/v1/patients/{id}/ledger.",
           "parameters": p("IdempotencyKey"), "requestBody": body("Payment"),
           "responses": {"201": {"description": "Taken (Location: /api/v1/payments/{id})", "content": {"application/json": {"schema": ref("Payment")}}},
                         **errs(403, 404, 409, 413, 415, 422)}},
  "get": {"tags": ["Front desk"], "summary": "Desk payments of a patient or an appointment", "x-permission": "patient.read",
          "parameters": [qs("patient_id", "this or appointment_id is required", type="integer"), qs("appointment_id", "", type="integer"),
                         qs("limit", "1-500, default 100", type="integer")],
          "responses": {"200": {"description": "Newest first", "content": {"application/json": {"schema": page("Payment")}}}, **errs(422)}}}
paths["/api/v1/payments/{id}"] = {"get": {"tags": ["Front desk"], "summary": "A payment and its receipt number", "x-permission": "patient.read",
    "parameters": p("id"), "responses": {**ok("Payment"), **errs(403, 404)}}}
paths["/api/v1/waitlist"] = {
  "post": {"tags": ["Front desk"], "summary": "Put a patient on the waitlist", "x-permission": SW, "requestBody": body("WaitlistEntry"),
           "responses": {**ok("WaitlistEntry", "201", "Waiting"), **errs(403, 404, 415, 422)}},
  "get": {"tags": ["Front desk"], "summary": "Who is waiting, most urgent first", "x-permission": SR,
          "parameters": [qs("location_id", "", type="integer"), qs("status", "waiting (default), booked, removed or any"),
                         qs("limit", "1-1000, default 200", type="integer")],
          "responses": {"200": {"description": "Entries", "content": {"application/json": {"schema": page("WaitlistEntry")}}}, **errs(403, 422)}}}
paths["/api/v1/waitlist/{id}"] = {"get": {"tags": ["Front desk"], "summary": "One waitlist entry", "x-permission": SR,
    "parameters": p("id"), "responses": {**ok("WaitlistEntry"), **errs(403, 404)}},
  "patch": {"tags": ["Front desk"], "summary": "Change a waiting entry (JSON merge patch)", "x-permission": SW,
            "parameters": p("id", "IfMatch"),
            "description": "Constraints, priority, note or the visit to move; not the patient. Only waiting entries change.",
            "requestBody": {"required": True, "content": {"application/merge-patch+json": {"schema": {"type": "object"}}}},
            "responses": {**ok("WaitlistEntry"), **errs(403, 404, 409, 412, 415, 422, 428)}}}
paths["/api/v1/waitlist/{id}/remove"] = {"post": {"tags": ["Front desk"], "summary": "Take a patient off the waitlist", "x-permission": SW,
    "parameters": p("id"), "description": "Its open offers are closed (taken).",
    "responses": {**ok("WaitlistEntry"), **errs(403, 404, 409, 412)}}}
paths["/api/v1/waitlist-offers"] = {"get": {"tags": ["Front desk"], "summary": "Freed slots offered to waiting patients", "x-permission": SR,
    "description": "A cancelled or moved appointment offers its time to the best-matching waiting entries (priority, then who "
                   "waited longest), at most three open offers per slot, each checked bookable when made.",
    "parameters": [qs("location_id", "", type="integer"), qs("entry_id", "", type="integer"),
                   qs("status", "open (default), booked, declined, taken or any"), qs("from", "slots starting at or after; default now", format="date-time"),
                   qs("limit", "1-1000, default 200", type="integer")],
    "responses": {"200": {"description": "Earliest slot first, then rank", "content": {"application/json": {"schema": page("WaitlistOffer")}}}, **errs(403, 422)}}}
paths["/api/v1/waitlist-offers/{id}/book"] = {"post": {"tags": ["Front desk"], "summary": "Book an offer in one action", "x-permission": SW,
    "parameters": p("id"), "description": "Moves the entry's visit to the offered time (or books a new one) with every booking check; "
                                          "the entry becomes booked and the other open offers of the entry and of the slot are taken. "
                                          "409 when the offer is no longer open or the slot was taken meanwhile.",
    "responses": {**ok("Appointment"), **errs(403, 404, 409, 422)}}}
paths["/api/v1/waitlist-offers/{id}/decline"] = {"post": {"tags": ["Front desk"], "summary": "The patient declined an offer", "x-permission": SW,
    "parameters": p("id"), "description": "The slot is offered to the next waiting entry.",
    "responses": {**ok("WaitlistOffer"), **errs(403, 404, 409)}}}

# ---- flow board -----------------------------------------------------------------------------
board_schema = {"type": "object", "properties": {
    "location_id": s("integer"), "time_zone": s(), "generated_at": s(format="date-time"),
    "items": s("array", items={"type": "object", "properties": {
        "appointment_id": s("integer"), "status": s(enum=["booked", "confirmed", "arrived", "roomed", "with_provider"]),
        "patient_id": s("integer"), "patient_name": s(description="family name and initial"), "provider_id": s("integer"),
        "provider_name": s(), "room_name": nullable(s()), "start": s(format="date-time"), "end": s(format="date-time"),
        "minutes_in_step": nullable(s("integer", description="minutes since arriving, being roomed or seen")),
        "walk_in": s("boolean"), "version": s("integer")}})}}
paths["/api/v1/flow-board"] = {"get": {"tags": ["Front desk"], "summary": "Today's flow board at a location", "x-permission": SR,
    "description": "Today's visits (in the location's zone) that are not over, in start order, with how long each patient has "
                   "been waiting, roomed or with the provider. Audited.",
    "parameters": [qs("location_id", "required", type="integer")],
    "responses": {"200": {"description": "Board", "content": {"application/json": {"schema": board_schema}}}, **errs(403, 404, 422)}}}
paths["/api/v1/flow-board/stream"] = {"get": {"tags": ["Front desk"], "summary": "The flow board, live (server-sent events)", "x-permission": SR,
    "description": "text/event-stream: a `board` event with the board (the JSON of GET /api/v1/flow-board) at once and whenever it "
                   "changes (checked every second; at least once a minute as waiting times grow), a comment every 15 s when quiet. "
                   "A stream ends after ten minutes; EventSource reconnects by itself. At most 32 streams per server (503 beyond).",
    "parameters": [qs("location_id", "required", type="integer")],
    "responses": {"200": {"description": "Event stream", "content": {"text/event-stream": {"schema": s()}}}, **errs(403, 404, 422, 503)}}}

# ---- calendars and feeds ----------------------------------------------------------------------
paths["/api/v1/calendar"] = {"get": {"tags": ["Scheduling"], "summary": "A day or week calendar in the location's time zone", "x-permission": SR,
    "description": "Days run from local midnight to local midnight (23 or 25 hours when the clocks change); a week starts on Monday. "
                   "Items carry UTC times and local times with their offset.",
    "parameters": [qs("location_id", "required: the calendar's time zone", type="integer"), qs("provider_id", "", type="integer"),
                   qs("room_id", "", type="integer"), qs("view", "day (default) or week"), qs("date", "local date; default today", format="date"),
                   qs("include_cancelled", "also cancelled and no-show", type="boolean"),
                   qs("include_patient_names", "add patient_name (\"Family, Given\") to each item; off by default (minimum necessary)", type="boolean")],
    "responses": {"200": {"description": "Calendar", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "view": s(), "time_zone": s(), "from": s(), "to": s(),
        "days": s("array", items={"type": "object", "properties": {"date": s(format="date"), "start": s(format="date-time"),
                                                                    "end": s(format="date-time"), "hours": s("integer")}}),
        "items": s("array", items={"type": "object", "properties": {"id": s("integer"), "patient_id": s("integer"),
            "patient_name": s(description="with include_patient_names=true"), "provider_id": s("integer"), "room_id": nullable(s("integer")), "appointment_type_id": s("integer"), "status": s(),
            "start": s(format="date-time"), "end": s(format="date-time"), "local_start": s(), "local_end": s(),
            "overbooked": s("boolean"), "version": s("integer")}})}}}}}, **errs(403, 404, 422)}}}
paths["/api/v1/providers/{id}/calendar-feed"] = {
  "post": {"tags": ["Scheduling"], "summary": "Make (or replace) a provider's iCalendar feed URL", "x-permission": SS, "parameters": p("id"),
           "description": "The URL is shown once and is the credential: visit types, times and places only, no patient details. "
                          "Making a new one revokes the old one.",
           "responses": {"201": {"description": "Feed URL", "content": {"application/json": {"schema": {"type": "object", "properties": {
               "provider_id": s("integer"), "url": s(), "note": s()}}}}}, **errs(404)}},
  "delete": {"tags": ["Scheduling"], "summary": "Revoke a provider's iCalendar feed", "x-permission": SS, "parameters": p("id"),
             "responses": {"204": {"description": "Revoked"}, **errs(404)}}}
paths["/api/v1/calendar-feeds/{token}/calendar.ics"] = {"get": {"tags": ["Scheduling"], "summary": "A provider's iCalendar feed", "security": [],
    "parameters": [{"name": "token", "in": "path", "required": True, "schema": s()}],
    "description": "RFC 5545; 30 days back to 180 days ahead; cancelled visits carry STATUS:CANCELLED so subscribed calendars drop them.",
    "responses": {"200": {"description": "iCalendar", "content": {"text/calendar": {"schema": s()}}}, **errs(404)}}}

# ---- code sets (issue 14) ----
schemas.update({
  "Code": {"type": "object", "properties": {
      "code": s(description="stored form: ICD-10-CM without its dot (E119)"), "display": s(description="E11.9"),
      "description": s(description="the long description; empty for bare CPT codes"), "short_description": s(),
      "billable": s("boolean", description="false for ICD-10-CM headers (use a more specific code)"),
      "ends_on": nullable(s(format="date", description="last date of service it may be used (HCPCS termination date)"))}},
  "CodeRelease": {"type": "object", "properties": {
      "system": s(enum=["icd10cm", "hcpcs", "cpt", "modifier", "pos", "carc", "rarc"]),
      "year": s("integer", description="FY for icd10cm (FY N: 1 Oct N-1 to 30 Sep N), calendar year for hcpcs and cpt, 0 for lists with no yearly release"),
      "label": s(description="FY2026, 2025, or empty"), "source": s(enum=["cms", "builtin", "licensed"]),
      "file_name": s(), "code_count": s("integer"), "billable_count": s("integer"), "loaded_at": s(format="date-time")}},
  "CodeWarning": {"type": "object", "properties": {
      "code": s(enum=["release_not_loaded", "no_release"]), "message": s(),
      "wanted_year": s("integer", description="the release the date of service needs"),
      "used_year": s("integer", description="the release that answered instead")}},
})
code_system_q = {"name": "system", "in": "query", "required": True,
                 "schema": s(enum=["icd10cm", "hcpcs", "cpt", "modifier", "pos", "carc", "rarc"])}
paths["/api/v1/codes"] = {"get": {"tags": ["Code sets"], "summary": "Search a code set", "x-permission": PR,
    "description": "Ranked: the code typed (E11.9 or E119) first, then codes starting with it in code order, then codes whose "
                   "long description has a word starting with each word typed (diab mell finds Type 2 diabetes mellitus without "
                   "complications), billable codes and shorter descriptions first. Without `date` the newest release answers; with "
                   "it, the release that covers that date of service, without codes ended before it. A date after the newest "
                   "release loaded is answered from it with a `release_not_loaded` warning; with no release at all, no items and a "
                   "`no_release` warning. A practice's licensed CPT file answers for CPT instead of the bare codes.",
    "parameters": [code_system_q,
                   {"name": "q", "in": "query", "required": True, "schema": s(maxLength=100), "description": "a code, the start of one, or words"},
                   {"name": "date", "in": "query", "schema": s(format="date"), "description": "date of service"},
                   {"name": "limit", "in": "query", "schema": s("integer", minimum=1, maximum=100, default=20)}],
    "responses": {"200": {"description": "Codes", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "system": s(), "release": nullable(ref("CodeRelease")), "items": s("array", items=ref("Code")),
        "warnings": s("array", items=ref("CodeWarning"))}}}}}, **errs(422)}}}
paths["/api/v1/codes/{system}/{code}"] = {"get": {"tags": ["Code sets"], "summary": "Check one code on a date of service",
    "x-permission": PR,
    "description": "Always 200 with the verdict: valid, header (not billable), ended, unknown (not in the release that covers "
                   "the date), malformed, or no_release. The release is chosen as for the search, with the same warnings.",
    "parameters": [{"name": "system", "in": "path", "required": True, "schema": code_system_q["schema"]},
                   {"name": "code", "in": "path", "required": True, "schema": s(), "description": "as typed: E11.9 or E119"},
                   {"name": "date", "in": "query", "schema": s(format="date"), "description": "date of service (default: today, UTC)"}],
    "responses": {"200": {"description": "Verdict", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "system": s(), "date": s(format="date"), "valid": s("boolean"),
        "status": s(enum=["valid", "header", "ended", "unknown", "malformed", "no_release"]), "message": s(),
        "release_year": nullable(s("integer")), "record": nullable(ref("Code")),
        "warnings": s("array", items=ref("CodeWarning"))}}}}}, **errs(404, 422)}}}
paths["/api/v1/code-releases"] = {"get": {"tags": ["Code sets"], "summary": "The code set releases loaded", "x-permission": PR,
    "description": "Shared releases (CMS files imported with `medoffice import`, the built-in starter lists) and the practice's own "
                   "(a licensed CPT file), by system and year.",
    "responses": {"200": {"description": "Releases", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "items": s("array", items=ref("CodeRelease"))}}}}}}}}

# ---- fee schedules (issue 14) ----
schemas.update({
  "FeeScheduleEntry": {"type": "object", "required": ["code", "amount_cents", "effective_from"], "properties": {
      **meta, "organization_id": s("integer", readOnly=True),
      "payer_id": nullable(s("integer", description="the payer whose contracted allowed amount this is; null: the practice's standard fee. Fixed at creation")),
      "code": s(pattern="^[0-9A-Za-z]{5}$", description="CPT or HCPCS code (stored upper case)"),
      "modifier": nullable(s(pattern="^[0-9A-Za-z]{2}$", description="only lines carrying this modifier; null: the code's plain price")),
      "amount_cents": s("integer", minimum=1, maximum=2**53, description="per unit, integer cents"),
      "effective_from": s(format="date"),
      "effective_to": nullable(s(format="date", description="inclusive; null: until a later entry takes over")),
      "active": s("boolean", readOnly=True)}},
  "FeeImportSummary": {"type": "object", "properties": {
      "payer_id": nullable(s("integer")), "added": s("integer"), "changed": s("integer"),
      "unchanged": s("integer"), "untouched": s("integer", description="entries of the schedule the file does not list (left as they are)")}},
})
FSR, FSA = "billing.read", "fee_schedule.admin"
payer_q = {"name": "payer_id", "in": "query", "schema": s("integer", minimum=1),
           "description": "the payer's allowed amounts; without it, the practice's standard fees"}
resource("/api/v1/fee-schedule", "FeeScheduleEntry", "fee", "Fee schedules", FSR, FSA,
         extra_list=[payer_q, {"name": "code", "in": "query", "schema": s(), "description": "one CPT or HCPCS code"}],
         list_desc="The entries of one schedule in id order: the practice's standard fees, or with `payer_id` that payer's "
                   "contracted allowed amounts. A line's fee is the entry in force on its date of service for one of its "
                   "modifiers (the first that has one), else the code's plain entry; among those, the one that took effect last. "
                   "A schedule holds one active entry per code, modifier and effective_from (409 naming effective_from).")
fee_csv_desc = ("Columns (header first, any order, any case): code, modifier, amount, effective_from, effective_to. Amounts in "
                "dollars with at most 2 decimals (125.00), converted to cents exactly; dates YYYY-MM-DD (M/D/YYYY accepted); "
                "modifier and effective_to may be empty.")
paths["/api/v1/fee-schedule/export"] = {"get": {"tags": ["Fee schedules"], "summary": "Export one fee schedule as CSV",
    "x-permission": FSR, "parameters": [payer_q],
    "description": "The active entries by code, modifier and effective_from, in the format the import reads. " + fee_csv_desc,
    "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": s()}}}, **errs(422)}}}
paths["/api/v1/fee-schedule/import"] = {"post": {"tags": ["Fee schedules"], "summary": "Import one fee schedule from CSV",
    "x-permission": FSA, "parameters": [payer_q],
    "description": "All or nothing, in one transaction. Rows are matched to the schedule by code, modifier and effective_from: "
                   "new ones are added, others get the file's amount and effective_to; entries the file does not list are left "
                   "as they are. The same file again changes nothing. A bad file answers 422 with one error per problem (at most "
                   "20): `field` is the column (or `file`) and the message starts with the line, e.g. "
                   "{\"field\": \"amount\", \"message\": \"line 17: has more than 2 decimals\"}. " + fee_csv_desc,
    "requestBody": {"required": True, "content": {"text/csv": {"schema": s()}}},
    "responses": {"200": {"description": "What the import did", "content": {"application/json": {"schema": ref("FeeImportSummary")}}},
                  **errs(409, 413, 415, 422)}}}

# ---- billing (issue 14): encounters and charges, guarantor accounts, the ledger, allocation, refunds ----
BR, CE, BP = "billing.read", "charge.entry", "billing.post"
MAXC = 2**53
def ro(schema): return {**schema, "readOnly": True}
def cents(desc="integer cents", minimum=1, **kw): return s("integer", minimum=minimum, maximum=MAXC, description=desc, **kw)
def signed_cents(desc): return s("integer", minimum=-MAXC, maximum=MAXC, description=desc)
def etag_ok(schema, status="200", desc="OK"):
    return {status: {"description": desc, "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                     "content": {"application/json": {"schema": schema}}}}
def plain_ok(schema, status="200", desc="OK"):
    return {status: {"description": desc, "content": {"application/json": {"schema": schema}}}}
def json_body(schema, required=True):
    return {"required": required, "content": {"application/json": {"schema": schema}}}
places = ["primary", "secondary", "tertiary", "patient"]
entry_kinds = ["charge", "insurance_payment", "contractual_adjustment", "write_off", "transfer",
               "patient_payment", "allocation", "refund", "reversal"]
corrections_route = "POST /api/v1/encounters/{id}/corrections"
page_q = p("cursor", "limit")
schemas.update({
  "ChargeWarning": {"type": "object", "description": "A code that passed with a warning (the encounter is stored or posted anyway)",
      "properties": {"code": s(enum=["release_not_loaded", "no_release", "not_in_code_set"],
                               description="release_not_loaded: the code set release of the date of service is not imported, the newest one "
                                           "answered; no_release: no release of that code set at all; not_in_code_set: only MedOffice's "
                                           "small default list is loaded and the code is not in it (import the official file to check it)"),
                     "message": s()}},
  "Ndc": {"type": "object", "required": ["code", "unit", "quantity"],
      "description": "A drug given with the line (837P LIN/CTP). Unknown members are refused.", "properties": {
      "code": s(pattern="^-*([0-9]-*){11}$", description="the 11-digit NDC (5-4-2); hyphens are removed: 00517-0031-01 is stored as 00517003101"),
      "unit": s(enum=["F2", "GR", "ME", "ML", "UN"],
                description="F2 international unit, GR gram, ME milligram, ML millilitre, UN unit (lower case is accepted and stored upper case)"),
      "quantity": {"oneOf": [s("number", exclusiveMinimum=0), s(pattern="^[0-9]{1,9}(\\.[0-9]{0,3})?$")],
                   "description": "more than zero, at most 9 digits before the point and 3 after; answers carry it as a string (\"1.5\")"}}},
  "ChargeLine": {"type": "object", "required": ["code", "diagnosis_pointers"], "properties": {
      "id": s("integer", minimum=1, description="in a correction: the id of a current line to keep. A line sent with its id and the same "
                                               "code, modifiers, units, pointers, NDC, place of service, rendering provider, date and charge is "
                                               "kept; any other current line is replaced. Ignored when creating or editing an open encounter, "
                                               "whose lines are all replaced (they may get new ids)"),
      "line_number": s("integer", readOnly=True, description="1-based, in the order sent"),
      "code": s(pattern="^[0-9A-Za-z]{5}$", description="CPT or HCPCS Level II code (stored upper case), checked against the code sets on the date of service"),
      "modifiers": s("array", maxItems=4, items=s(pattern="^[0-9A-Za-z]{2}$"), description="up to 4, each two letters or digits, no repeats (stored upper case)"),
      "units": s("integer", minimum=1, maximum=9999, default=1),
      "diagnosis_pointers": s("array", minItems=1, maxItems=4, items=s("integer", minimum=1, maximum=12),
                              description="1-based positions in the encounter's diagnoses (1 = the first), 1 to 4 of them, no repeats"),
      "ndc": nullable(ref("Ndc")),
      "place_of_service": nullable(s(pattern="^[0-9]{2}$", description="CMS place-of-service code; null: the location's")),
      "rendering_provider_id": nullable(s("integer", minimum=1, description="a provider of the practice; null: the encounter's provider")),
      "date_of_service": nullable(s(format="date", description="not before the encounter's; null: the encounter's. GET answers carry the "
                                                               "effective date; the answers of a create or edit carry what was sent")),
      "charge_cents": cents("the fee for all units, integer cents. Absent or null: the standard fee schedule's fee on the line's date of "
                            "service (the entry for one of its modifiers, else the code's plain entry) times units; 422 naming "
                            "lines[N].charge_cents when the schedule has none. In a correction, a kept line without it keeps its charge"),
      "charge": s(readOnly=True, description="dollars, e.g. 125.00"),
      "fee_from_schedule": s("boolean", readOnly=True, description="true when the fee schedule set the charge (false when charge_cents was sent, "
                                                                   "also when a GET body is sent back unchanged)")}},
  "Encounter": {"type": "object", "required": ["diagnoses", "lines"],
      "description": "What was done at a visit, coded. open: being coded, editable (PUT). finalized: its charges are posted to the ledger; "
                     "it changes only by " + corrections_route + ". voided: abandoned before finalizing. Members of a GET answer that are "
                     "read-only are accepted and ignored when sent back; unknown members are refused (422).",
      "properties": {
      "id": s("integer", readOnly=True), "organization_id": s("integer", readOnly=True),
      "patient_id": s("integer", minimum=1, description="required to create (an active patient; with appointment_id, the visit's patient); "
                                                        "ignored when editing or correcting: an encounter stays with its patient"),
      "provider_id": s("integer", minimum=1, description="required without appointment_id (default: the visit's provider)"),
      "location_id": s("integer", minimum=1, description="required without appointment_id (default: the visit's location)"),
      "appointment_id": nullable(s("integer", minimum=1, description="the visit it codes: arrived, roomed, with the provider or checked out; "
                                                                     "one encounter per visit (voided ones aside). Fixed at creation; null: standalone")),
      "account_id": s("integer", readOnly=True, description="the guarantor account it bills: the patient's when it was created (opened on first use)"),
      "coverages": {"type": "object", "readOnly": True, "description": "the coverages billed, fixed when it is finalized: those in force "
                    "on the date of service, by priority (null where none)", "properties": {
                    k: nullable(s("integer")) for k in ["primary", "secondary", "tertiary"]}},
      "date_of_service": s(format="date", description="required without appointment_id (default: the visit's date in the location's time "
                                                     "zone); not after tomorrow (UTC). Omitted in an edit or correction: unchanged"),
      "diagnoses": s("array", minItems=1, maxItems=12, items=s(maxLength=10),
                     description="ICD-10-CM codes, the first is primary; with or without the dot (stored without it, upper case); no repeats; "
                                 "each must be billable on the date of service (a header code is refused naming diagnoses[N])"),
      "lines": s("array", minItems=1, maxItems=50, items=ref("ChargeLine")),
      "total_charge_cents": s("integer", readOnly=True), "total_charge": s(readOnly=True),
      "status": s(enum=["open", "finalized", "voided"], readOnly=True),
      "corrections": s("integer", readOnly=True, description="how many times the finalized encounter was corrected"),
      "finalized_at": ro(nullable(s(format="date-time"))), "finalized_by": ro(nullable(s("integer", description="user id"))),
      "version": s("integer", readOnly=True), "created_at": s(format="date-time", readOnly=True),
      "updated_at": s(format="date-time", readOnly=True),
      "warnings": s("array", readOnly=True, items=ref("ChargeWarning"), description="only in the answers of a create or edit")}},
  "LedgerEntry": {"type": "object", "description": "One insert-only ledger entry. `amount_cents` is always positive; `kind` says which way the "
                                                   "money moves and `effect` what the entry did to its line's places and to the account's credit.",
      "properties": {
      "id": s("integer"), "kind": s(enum=entry_kinds), "account_id": s("integer"),
      "patient_id": s("integer", description="the patient whose line it is, or who paid"),
      "encounter_id": nullable(s("integer")), "line_id": nullable(s("integer", description="null for money on account (a payment's credit, a refund)")),
      "amount_cents": s("integer", minimum=1, maximum=MAXC), "amount": s(description="dollars"),
      "from": nullable(s(enum=places)), "to": nullable(s(enum=places)),
      "payment_id": nullable(s("integer", description="the patient payment it posts, allocates or refunds")),
      "claim_id": nullable(s("integer")), "reverses": nullable(s("integer", description="the entry a reversal undoes")),
      "reason": nullable(s()),
      "effect": {"type": "object", "properties": {
          "primary_cents": signed_cents("change of what the primary insurance owes on the line"),
          "secondary_cents": signed_cents(""), "tertiary_cents": signed_cents(""),
          "patient_cents": signed_cents("change of what the patient owes on the line"),
          "credit_cents": signed_cents("change of the account's unallocated credit")}},
      "posted_by": nullable(s("integer", description="user id; null for the system (the migration)")),
      "posted_at": s(format="date-time")}},
  "LedgerPosting": {"type": "object", "required": ["kind"],
      "description": "An entry made by a person. Unknown members are refused. Places: insurance_payment and contractual_adjustment take "
                     "`from` (an insurance); write_off takes `from`; transfer takes `from` and `to` (different); a reversal takes only "
                     "`reverses` (and `reason`).", "properties": {
      "kind": s(enum=["insurance_payment", "contractual_adjustment", "write_off", "transfer", "reversal"],
                description="charges come from finalizing, patient payments from POST /api/v1/payments, allocations from "
                            "POST /api/v1/accounts/{id}/allocate, refunds from POST /api/v1/payments/{id}/refund (422 naming kind otherwise)"),
      "line_id": s("integer", minimum=1, description="a charge line of a finalized encounter; required except for a reversal"),
      "amount_cents": cents("required except for a reversal; a reversal's, when sent, must equal the reversed entry's"),
      "from": s(enum=places), "to": s(enum=places),
      "reason": s(maxLength=200, description="e.g. the CARC group and code of an adjustment (CO-45), or free text"),
      "claim_id": s("integer", minimum=1, description="the claim an insurance payment or adjustment came by (stored as given)"),
      "reverses": s("integer", minimum=1, description="reversal: the entry it undoes (of any kind but a reversal, once). Sent with another "
                                                     "kind it is ignored")}},
  "LineBalance": {"type": "object", "properties": {
      "primary_cents": s("integer"), "secondary_cents": s("integer"), "tertiary_cents": s("integer"), "patient_cents": s("integer"),
      "insurance_cents": s("integer"), "total_cents": s("integer")}},
  "AccountBalance": {"type": "object", "properties": {
      "account_id": s("integer"), "balance_cents": s("integer", description="insurance + patient"),
      "insurance_balance_cents": s("integer"), "patient_balance_cents": s("integer"),
      "credit_cents": s("integer", description="money paid that no line has taken yet"),
      "patient_due_cents": s("integer", description="patient balance minus credit (negative: the account is in credit)"),
      "entries": s("integer"), "last_entry_at": nullable(s(format="date-time"))}},
  "GuarantorAccount": {"type": "object", "required": ["family_name", "given_name"],
      "description": "The person responsible for the bill, shared by the patients they pay for. PUT replaces every member: send them "
                     "all (an omitted phone or address is cleared). Read-only members are accepted and ignored; unknown ones refused.",
      "properties": {
      "id": s("integer", readOnly=True), "organization_id": s("integer", readOnly=True),
      "family_name": s(minLength=1, maxLength=100), "given_name": s(minLength=1, maxLength=100),
      "display_name": s(readOnly=True, description="\"Family, Given\""),
      "birth_date": nullable(s(format="date")), "phone": nullable(s(description="stored as given")),
      "address": {"type": "object", "description": "stored as given; empty strings when unknown", "properties": {
          "line1": s(), "line2": s(), "city": s(), "state": s(), "postal_code": s()}},
      "guarantor_patient_id": nullable(s("integer", minimum=1, description="the patient who is the guarantor, when they are one; fixed at "
                                                                           "creation; one account per patient (409)")),
      "statement_cycle_day": nullable(s("integer", minimum=1, maximum=28, description="the day of the month its statements are "
                                        "run (POST /api/v1/statement-runs with this cycle_day); null: ((id - 1) mod 28) + 1")),
      "active": s("boolean", default=True, description="false closes the account: no patient can be moved to it"),
      "version": s("integer", readOnly=True), "created_at": s(format="date-time", readOnly=True),
      "updated_at": s(format="date-time", readOnly=True),
      "balance": ro(ref("AccountBalance")),
      "members": s("array", readOnly=True, description="GET /api/v1/accounts/{id} only: the patients it pays for (at most 200)",
                   items={"type": "object", "properties": {"patient_id": s("integer"), "mrn": s(), "family_name": s(),
                                                           "given_name": s(), "birth_date": s(format="date")}})}},
  "Ledger": {"type": "object", "properties": {
      "entries": s("array", items=ref("LedgerEntry"), description="newest first"), "next_cursor": nullable(s()),
      "balance_cents": s("integer", description="patient ledger: the patient's own lines; account ledger: the account's"),
      "insurance_balance_cents": s("integer"), "patient_balance_cents": s("integer"),
      "credit_cents": s("integer", description="the account's unallocated credit"),
      "account": nullable({"type": "object", "description": "null: the patient has not been billed yet (no account)", "properties": {
          "id": s("integer"), "display_name": s(), "balance": ref("AccountBalance")}})}},
  "FinalizeResult": {"type": "object", "properties": {
      "encounter": ref("Encounter"),
      "billed_to": s(enum=["primary", "patient"], description="primary: the patient has a primary coverage in force on the date of "
                                                              "service; else the patient (through the guarantor account)"),
      "entries": s("array", items=ref("LedgerEntry"), description="the entries posted: a correction's reversals, the charges, then any "
                                                                  "allocations of the visit's co-pays"),
      "warnings": s("array", items=ref("ChargeWarning"))}},
})
enc_id = "/api/v1/encounters/{id}"
paths["/api/v1/encounters"] = {
  "post": {"tags": ["Encounters"], "summary": "Create an encounter (open) with its diagnoses and charge lines", "x-permission": CE,
           "parameters": p("IdempotencyKey"), "requestBody": body("Encounter"),
           "description": "From a visit (`appointment_id`: arrived, roomed, with the provider or checked out, of the same patient; provider, "
                          "location and date default to the visit's) or standalone (`provider_id`, `location_id` and `date_of_service` "
                          "required). Lines without `charge_cents` take the standard fee schedule's fee. Codes are checked on the date "
                          "of service: 422 names every field that is wrong (`diagnoses[1]`, `lines[0].diagnosis_pointers[0]`, "
                          "`lines[2].ndc.code`...); codes that pass with a doubt come back in `warnings`. The patient's guarantor "
                          "account is opened on first use. 409 when the visit has an encounter already (naming its id). 403 when the "
                          "location is not one of the caller's.",
           "responses": {**etag_ok(ref("Encounter"), "201", "Created (Location: /api/v1/encounters/{id})"), **errs(403, 409, 413, 415, 422)}},
  "get": {"tags": ["Encounters"], "summary": "Encounters by patient, status or date of service", "x-permission": BR,
          "description": "In id order, each with its current lines and total; encounters at locations the caller is limited away from are "
                         "left out of the page.",
          "parameters": [{"name": "patient_id", "in": "query", "schema": s("integer", minimum=1)},
                         {"name": "status", "in": "query", "schema": s(enum=["open", "finalized", "voided"])},
                         {"name": "from", "in": "query", "schema": s(format="date"), "description": "first date of service"},
                         {"name": "to", "in": "query", "schema": s(format="date"), "description": "last date of service (inclusive)"}] + page_q,
          "responses": {**plain_ok(page("Encounter"), desc="A page"), **errs(422)}}}
paths[enc_id] = {
  "get": {"tags": ["Encounters"], "summary": "An encounter with its current charge lines", "x-permission": BR, "parameters": p("id"),
          "responses": {**etag_ok(ref("Encounter")), **errs(403, 404)}},
  "put": {"tags": ["Encounters"], "summary": "Edit an open encounter", "x-permission": CE, "parameters": p("id", "IfMatch"),
          "requestBody": body("Encounter"),
          "description": "Replaces provider, location, date (when sent), diagnoses and lines; patient and visit stay. Lines without "
                         "`charge_cents` take the fee schedule's fee again. A finalized or voided encounter answers 409 naming "
                         + corrections_route + ".",
          "responses": {**etag_ok(ref("Encounter")), **errs(403, 404, 409, 412, 413, 415, 422, 428)}}}
paths[enc_id + "/history"] = {"get": {"tags": ["Encounters"], "x-permission": BR, "parameters": p("id"),
    "summary": "Every charge line the encounter has had, replaced ones too, with balances and ledger entries",
    "responses": {**plain_ok({"type": "object", "properties": {"encounter": ref("Encounter"), "lines": s("array", items={
        "type": "object", "description": "by revision, then line number", "properties": {
        "encounter_id": s("integer"), "patient_id": s("integer"), "account_id": s("integer"),
        "revision": s("integer", description="the correction that entered the line (0: as first coded)"),
        "status": s(enum=["open", "posted", "replaced"]), "line": ref("ChargeLine"), "balance": ref("LineBalance"),
        "entries": s("array", items=ref("LedgerEntry"), description="the line's entries, oldest first")}})}}), **errs(403, 404)}}}
paths[enc_id + "/finalize"] = {"post": {"tags": ["Encounters"], "x-permission": BP,
    "summary": "Finalize an encounter: its charges are posted to the ledger",
    "parameters": p("id") + [{"name": "If-Match", "in": "header", "schema": s(), "description": "optional: the ETag read (412 when stale)"}],
    "description": "No body (or {}). The codes are checked again; each line's charge is posted to the primary insurance in force on "
                   "the date of service, else to the patient. When the patient owes the charges, the co-pays taken for the visit "
                   "(its credit) are allocated to them. 409 when the encounter is not open (a finalized one is changed with "
                   + corrections_route + ").",
    "responses": {**etag_ok(ref("FinalizeResult")), **errs(403, 404, 409, 412, 415, 422)}}}
paths["/api/v1/encounters/finalize"] = {"post": {"tags": ["Encounters"], "x-permission": BP,
    "summary": "Finalize many encounters; each is posted whole or not at all",
    "description": "Up to 5000 ids, 1,000 per transaction. A failure (not found, not open, a code no longer valid, an encounter at a "
                   "location the caller is limited away from) is listed in `failed` and the others go on.",
    "requestBody": json_body({"type": "object", "required": ["ids"], "properties": {
        "ids": s("array", minItems=1, maxItems=5000, items=s("integer", minimum=1))}}),
    "responses": {**plain_ok({"type": "object", "properties": {
        "finalized": s("integer"), "lines": s("integer", description="charge lines posted"),
        "failed": s("array", items={"type": "object", "properties": {"id": s("integer"), "detail": s(),
            "errors": s("array", items={"type": "object", "properties": {"field": s(), "message": s()}})}})}}),
        **errs(413, 415, 422)}}}
paths[enc_id + "/corrections"] = {"post": {"tags": ["Encounters"], "x-permission": BP, "parameters": p("id", "IfMatch"),
    "summary": "Correct a finalized encounter: changed lines are reversed and posted again",
    "description": "The body is the encounter as it should be now (as for PUT). A line sent with the `id` of a current line and the same "
                   "service and charge is kept; every other current line is replaced (its charge reversed, reason \"correction N\") and "
                   "new lines are posted to whoever is billed first on the date of service. Replaced lines stay in the history "
                   "(GET .../history). 409 when a line to replace has payments or adjustments on it (reverse those first) or the "
                   "encounter is not finalized; 422 `lines` when the correction changes nothing.",
    "requestBody": body("Encounter"),
    "responses": {**etag_ok(ref("FinalizeResult")), **errs(403, 404, 409, 412, 413, 415, 422, 428)}}}
paths[enc_id + "/void"] = {"post": {"tags": ["Encounters"], "x-permission": CE, "summary": "Void an open encounter (nothing was posted)",
    "parameters": p("id") + [{"name": "If-Match", "in": "header", "schema": s(), "description": "optional: the ETag read (412 when stale)"}],
    "description": "No body (or {}). A voided encounter stays on file; its visit can have a new encounter. 409 when it is not open.",
    "responses": {**etag_ok(ref("Encounter")), **errs(403, 404, 409, 412, 415, 422)}}}
paths["/api/v1/appointment-types/{id}/superbill"] = {"get": {"tags": ["Encounters"], "x-permission": BR, "parameters": p("id") + [
        {"name": "date", "in": "query", "schema": s(format="date"), "description": "date of service (default: today, UTC)"}],
    "summary": "The codes a visit type offers (its default_cpt_codes), with descriptions and standard fees",
    "responses": {**plain_ok({"type": "object", "properties": {"appointment_type_id": s("integer"), "name": s(), "date": s(format="date"),
        "items": s("array", items={"type": "object", "properties": {"code": s(),
            "description": s(description="empty for bare CPT codes (no licensed CPT file)"),
            "unit_fee_cents": nullable(s("integer", description="the standard fee schedule's; null: no entry on that date"))}})}}),
        **errs(404, 422)}}}
paths["/api/v1/patients/{id}/ledger"] = {"get": {"tags": ["Ledger"], "x-permission": BR, "parameters": p("id") + page_q,
    "summary": "A patient's ledger entries (newest first) and balances",
    "description": "The balances at the top are the patient's own lines; `credit_cents` and `account.balance` are their guarantor "
                   "account's (shared with the other patients it pays for).",
    "responses": {**plain_ok(ref("Ledger")), **errs(404, 422)}}}
paths["/api/v1/ledger/entries"] = {"post": {"tags": ["Ledger"], "x-permission": BP, "parameters": p("IdempotencyKey"),
    "summary": "Post an adjustment, write-off, transfer, insurance payment (paper EOB) or reversal",
    "description": "Account, patient and encounter come from the line; a reversal takes everything but its reason from the entry it "
                   "undoes and has its exact opposite effect. 422 naming `amount_cents` when a place would go below zero (\"is more than "
                   "the line owes in that place\"), naming the field for a bad shape or a line of an encounter not finalized; 409 "
                   "for reversing an entry twice or reversing a reversal.",
    "requestBody": body("LedgerPosting"),
    "responses": {**plain_ok(ref("LedgerEntry"), "201", "Posted"), **errs(409, 413, 415, 422)}}}
paths["/api/v1/ledger/verify"] = {"get": {"tags": ["Ledger"], "x-permission": BP,
    "summary": "Recompute every balance from the entries and list any that differ",
    "description": "For the practice: each line's and each account's running balances against the sums of their entries.",
    "responses": {**plain_ok({"type": "object", "properties": {"balanced": s("boolean"), "mismatches": s("array", items={
        "type": "object", "properties": {"what": s(description="the line or account that differs"), "running_cents": s("integer"),
                                         "summed_cents": s("integer")}})}}), **errs(415, 422)}}}
paths["/api/v1/accounts"] = {
  "get": {"tags": ["Guarantor accounts"], "x-permission": BR, "summary": "Guarantor accounts, by family name",
          "description": "In id order; active ones unless include_inactive=true.",
          "parameters": [{"name": "q", "in": "query", "schema": s(maxLength=100), "description": "family-name prefix"}] + page_q +
                        p("include_inactive"),
          "responses": {**plain_ok(page("GuarantorAccount"), desc="A page"), **errs(422)}},
  "post": {"tags": ["Guarantor accounts"], "x-permission": BP, "summary": "Open a guarantor account",
           "description": "For a guarantor set up by hand (a grandparent who is not a patient). Patients get their own account "
                          "automatically; move one to this account with PUT /api/v1/patients/{id}/account. With an Idempotency-Key, a "
                          "retry answers the first account instead of opening a second.",
           "parameters": p("IdempotencyKey"),
           "requestBody": body("GuarantorAccount"),
           "responses": {**etag_ok(ref("GuarantorAccount"), "201", "Created (Location: /api/v1/accounts/{id})"), **errs(409, 413, 415, 422)}}}
paths["/api/v1/accounts/{id}"] = {
  "get": {"tags": ["Guarantor accounts"], "x-permission": BR, "summary": "A guarantor account with its balances and patients",
          "parameters": p("id"), "responses": {**etag_ok(ref("GuarantorAccount")), **errs(404)}},
  "put": {"tags": ["Guarantor accounts"], "x-permission": BP, "summary": "Change a guarantor account (name, birth date, phone, address, active)",
          "parameters": p("id", "IfMatch"), "requestBody": body("GuarantorAccount"),
          "description": "guarantor_patient_id cannot change (422): open another account for another guarantor.",
          "responses": {**etag_ok(ref("GuarantorAccount")), **errs(404, 409, 412, 413, 415, 422, 428)}}}
paths["/api/v1/accounts/{id}/ledger"] = {"get": {"tags": ["Guarantor accounts"], "x-permission": BR, "parameters": p("id") + page_q,
    "summary": "An account's ledger entries (newest first, every patient it pays for) and balances",
    "responses": {**plain_ok(ref("Ledger")), **errs(404, 422)}}}
alloc_item = {"type": "object", "required": ["line_id", "amount_cents"], "properties": {
    "line_id": s("integer", minimum=1, description="a charge line of this account"),
    "amount_cents": cents("at most what the patient owes on the line")}}
paths["/api/v1/accounts/{id}/allocate"] = {"post": {"tags": ["Guarantor accounts"], "x-permission": BP, "parameters": p("id"),
    "summary": "Allocate the account's credit to lines: by hand, or oldest first without a list",
    "description": "Without a body (or without `allocations`): the payments with credit, oldest received first, pay the lines the "
                   "patient owes on, oldest date of service first (across every patient of the account), as far as the credit goes. "
                   "With `allocations`: each amount to its line, from `payment_id` or else from the oldest payments with credit; all "
                   "or nothing (422 naming allocations[N] when a line is not the account's, the amount is more than the patient "
                   "owes on it, or more than the credit).",
    "requestBody": json_body({"type": "object", "properties": {"allocations": s("array", maxItems=200, items={**alloc_item, "properties": {
        **alloc_item["properties"], "payment_id": s("integer", minimum=1, description="the payment whose credit to use; it must be posted to this account")}})}},
        required=False),
    "responses": {**plain_ok({"type": "object", "properties": {"entries": s("array", items=ref("LedgerEntry"), description="the allocations posted (may be empty)")}}),
                  **errs(404, 413, 415, 422)}}}
paths["/api/v1/patients/{id}/account"] = {"put": {"tags": ["Guarantor accounts"], "x-permission": BP, "parameters": p("id"),
    "summary": "Move a patient to another guarantor account (for the encounters to come)",
    "description": "Encounters created from now on bill the new account, and payments taken for the patient go to it; lines already "
                   "posted stay on the account they were posted to. If-Match is not read. 422 when the account is not the practice's "
                   "or is closed.",
    "requestBody": json_body({"type": "object", "required": ["account_id"], "properties": {"account_id": s("integer", minimum=1)}}),
    "responses": {**plain_ok(ref("Patient"), desc="The patient, with account_id"), **errs(404, 413, 415, 422)}}}
paths["/api/v1/payments/{id}/refund"] = {"post": {"tags": ["Ledger"], "x-permission": BP, "parameters": p("id", "IdempotencyKey"),
    "summary": "Give back part of a payment's unallocated money",
    "description": "At most the payment's unallocated_cents (422: reverse its allocations first). With an Idempotency-Key, a retry answers the first refund instead of giving the money back twice.",
    "requestBody": json_body({"type": "object", "required": ["amount_cents"], "properties": {
        "amount_cents": cents(), "reason": s(maxLength=200)}}),
    "responses": {**plain_ok(ref("LedgerEntry"), "201", "The refund entry"), **errs(404, 413, 415, 422)}}}
paths["/api/v1/payments/{id}/reverse"] = {"post": {"tags": ["Ledger"], "x-permission": BP, "parameters": p("id"),
    "summary": "Undo a payment (bounced check, keyed twice): its allocations, then the payment",
    "description": "Reverses the payment's allocations newest first, then the payment itself; the lines owe again. The payment and "
                   "its receipt number stay on file. 409 when part of it was refunded (reverse the refund entry first with "
                   "POST /api/v1/ledger/entries) or it was reversed already.",
    "requestBody": json_body({"type": "object", "properties": {"reason": s(maxLength=200)}}, required=False),
    "responses": {**plain_ok({"type": "object", "properties": {"entries": s("array", items=ref("LedgerEntry"))}}),
                  **errs(404, 409, 413, 415, 422)}}}

# ---- statements and reports (issue 15) ----
RR, SRUN, PC = "report.read", "statement.run", "payment.collect"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
buckets = {"type": "object", "description": "integer cents by age of the date of service",
           "properties": {k: s("integer") for k in ["0_30", "31_60", "61_90", "91_120", "120_plus"]}}
def q(name, schema, desc, required=False):
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": desc}
def report_ok(schema, desc):
    return {"200": {"description": desc + ". `Accept: text/csv` answers CSV (money as decimal dollars), `Accept: " + XLSX +
                    "` an XLSX workbook (money as numbers with two decimals).",
                    "content": {"application/json": {"schema": schema}, "text/csv": {"schema": s()},
                                XLSX: {"schema": s(format="binary")}}}}
money_totals = {k: s("integer") for k in ["charges_cents", "payments_cents", "insurance_payments_cents", "patient_payments_cents",
    "adjustments_cents", "contractual_adjustments_cents", "write_offs_cents", "refunds_cents", "transfers_cents", "entries"]}
named_totals = lambda idk: {"type": "object", "properties": {idk: s("integer"), "name": s(), **money_totals}}
paths["/api/v1/reports/ar-aging"] = {"get": {"tags": ["Reports"], "x-permission": RR,
    "summary": "AR aging as of a date: total, or by payer or by account",
    "description": "Money owed on charge lines (insurance and patient) by age of the date of service as of the end of `as_of` "
                   "(the practice's local day; default today). Today reads the running balances; a past day reads the dated "
                   "summaries (month-end snapshots and daily movements) kept from the ledger. `by=payer` adds a row per payer "
                   "(payer_id 0 is the patient side); `by=account` adds a page of accounts (`cursor`, `limit`). 422 names "
                   "`as_of` for a date in the future or before the practice's first ledger entry, and `by` for another value. "
                   "Refused (403) to users limited to some locations. Audited (an export for CSV/XLSX).",
    "parameters": [q("as_of", s(format="date"), "default: today"), q("by", s(enum=["payer", "account"]), "rows by payer or account")] + page_q,
    "responses": {**report_ok({"type": "object", "properties": {"as_of": s(format="date"), "by": s(), "buckets": buckets,
        "total_cents": s("integer"), "rows": s("array", items={"type": "object", "properties": {
            "payer_id": s("integer"), "payer": s(), "account_id": s("integer"), "account": s(),
            "insurance_cents": s("integer"), "patient_cents": s("integer"), "buckets": buckets, "total_cents": s("integer")}}),
        "next_cursor": nullable(s())}}, "The aging"), **errs(403, 422)}}}
paths["/api/v1/reports/day-sheet"] = {"get": {"tags": ["Reports"], "x-permission": RR,
    "summary": "The day sheet: charges, payments and adjustments of one day by provider and location, deposits by method",
    "description": "Entries posted during the practice's local day `date` (default today). Reversals count against the kind they "
                   "reverse. Deposits: patient payments by method less refunds, and insurance payments. `location_id` keeps "
                   "one location (a user limited to some locations must name one of theirs). 422 names `date` in the future.",
    "parameters": [q("date", s(format="date"), "default: today"), q("location_id", s("integer"), "one location only")],
    "responses": {**report_ok({"type": "object", "properties": {"date": s(format="date"), **money_totals,
        "by_provider": s("array", items=named_totals("provider_id")), "by_location": s("array", items=named_totals("location_id")),
        "deposits": s("array", items={"type": "object", "properties": {"method": s(), "amount_cents": s("integer"), "count": s("integer")}}),
        "deposit_total_cents": s("integer")}}, "The day sheet"), **errs(403, 422)}}}
paths["/api/v1/reports/collections"] = {"get": {"tags": ["Reports"], "x-permission": RR,
    "summary": "Collections by payer: payments and adjustments over a period of local days (at most 366)",
    "parameters": [q("from", s(format="date"), "first day (default: the first of `to`'s month)"),
                   q("to", s(format="date"), "last day, inclusive (default: today)")],
    "responses": {**report_ok({"type": "object", "properties": {"from": s(format="date"), "to": s(format="date"), **money_totals,
        "by_payer": s("array", items=named_totals("payer_id"))}}, "Collections (payer_id 0: patients)"), **errs(403, 422)}}}
paths["/api/v1/reports/account-ledger"] = {"get": {"tags": ["Reports"], "x-permission": BR,
    "summary": "Every entry of a guarantor account, oldest first, with the running balance",
    "parameters": [q("account_id", s("integer"), "the account", True)],
    "responses": {**report_ok({"type": "object", "properties": {"account_id": s("integer"), "account": s(),
        "balance_cents": s("integer"), "entries": s("array", items={"type": "object", "properties": {
            "entry": ref("LedgerEntry"), "change_cents": s("integer"), "balance_cents": s("integer")}})}}, "The ledger"),
        **errs(404, 422)}}}
sched_row = {"type": "object", "properties": {
    "provider_id": nullable(s("integer", description="null on the total row")), "provider": s(),
    "booked": s("integer", description="appointments not cancelled"), "cancelled": s("integer"),
    "started": s("integer", description="not cancelled and starting before the report was made"),
    "completed": s("integer", description="checked out"), "no_shows": s("integer"),
    "no_show_rate_percent": nullable(s("number", description="no-shows of the visits started, one decimal")),
    "available_minutes": s("integer", description="availability rules less schedule blocks, in each location's zone"),
    "booked_minutes": s("integer", description="time held by visits (not cancelled, not no-shows) inside the available time"),
    "utilisation_percent": nullable(s("number", description="booked of available minutes, one decimal")),
    "wait": {"type": "object", "description": "from arrival (check-in) to roomed, where both were recorded",
             "properties": {"count": s("integer"), "median_minutes": nullable(s("number")), "p90_minutes": nullable(s("number"))}}}}
paths["/api/v1/reports/scheduling"] = {"get": {"tags": ["Reports"], "x-permission": RR,
    "summary": "Scheduling metrics by provider: visits, no-shows, utilisation of available hours, wait from arrival to roomed",
    "description": "Appointments starting on the local days `from` to `to` (both included, at most 366; future days allowed), in "
                   "each location's own time zone. The median wait is the mean of the middle two of an even count; p90 is the "
                   "nearest rank. `location_id` keeps one location (a user limited to some locations must name one of theirs); "
                   "`provider_id` one provider. 422 names `from`/`to` (missing, not a date, backwards or too long), "
                   "`location_id` or `provider_id` (not the practice's). Audited (an export for CSV/XLSX).",
    "parameters": [q("from", s(format="date"), "first day", True), q("to", s(format="date"), "last day, inclusive", True),
                   q("location_id", s("integer"), "one location only"), q("provider_id", s("integer"), "one provider only")],
    "responses": {**report_ok({"type": "object", "properties": {"from": s(format="date"), "to": s(format="date"),
        "location_id": nullable(s("integer")), "provider_id": nullable(s("integer")),
        "providers": s("array", items=sched_row), "total": sched_row}}, "The metrics (providers with visits or available time)"),
        **errs(403, 422)}}}
run_schema = {"type": "object", "properties": {"id": s("integer"), "cycle_key": s(description="2026-12/05, or 2026-12/all"),
    "cycle_day": nullable(s("integer")), "statement_date": s(format="date"), "min_balance_cents": s("integer"),
    "status": s(enum=["running", "done"]), "accounts_total": s("integer"), "accounts_done": s("integer"),
    "progress_percent": s("integer"), "statements": s("integer"), "amount_due_cents": s("integer"),
    "started_at": s(format="date-time"), "finished_at": nullable(s(format="date-time")), "version": s("integer")}}
statement_schema = {"type": "object", "properties": {"id": s("integer"), "run_id": s("integer"), "account_id": s("integer"),
    "statement_number": s(), "statement_date": s(format="date"), "due_date": s(format="date"), "guarantor": s(),
    "amount_due_cents": s("integer"), "patient_due_cents": s("integer"), "insurance_pending_cents": s("integer"),
    "credit_cents": s("integer"), "aging": buckets, "oldest_days": s("integer"),
    "mailing_address": s("array", items=s(), description="one statement only"), "message": s(description="one statement only"),
    "lines": s("array", description="one statement only", items={"type": "object", "properties": {
        "line_id": s("integer"), "patient": s(), "date_of_service": s(format="date"), "description": s(),
        **{k: s("integer") for k in ["charge_cents", "insurance_paid_cents", "adjustment_cents", "patient_paid_cents",
                                       "insurance_pending_cents", "patient_due_cents"]}}}),
    "created_at": s(format="date-time")}}
paths["/api/v1/statement-runs"] = {
  "post": {"tags": ["Statements"], "x-permission": SRUN,
    "summary": "Run (or resume) a statement cycle: one statement per guarantor account owing at least the minimum",
    "description": "A cycle is the statement month and `cycle_day` (1-28; an account's cycle day is ((id - 1) mod 28) + 1 "
                   "unless set; without `cycle_day` every account). Accounts whose guarantor owes more than the credit held, "
                   "by at least `min_balance_cents`, get one statement covering the open lines of all the account's patients. "
                   "Never two statements for one account in one cycle: running a finished cycle again makes nothing (200, "
                   "`already_done`); a run that stopped (crash) resumes where it was (201, `resumed`). Progress while it runs: "
                   "GET /api/v1/statement-runs/{id}. Audited.",
    "requestBody": json_body({"type": "object", "properties": {"cycle_day": s("integer", minimum=1, maximum=28),
        "min_balance_cents": s("integer", minimum=0, default=0), "statement_date": s(format="date", description="default: today")}},
        required=False),
    "responses": {**plain_ok({"type": "object", "properties": {"run": run_schema, "resumed": s("boolean"),
        "already_done": s("boolean"), "made_now": s("integer"), "statements": s("array", items=statement_schema)}}, "201",
        "The run and its statements (200 when the cycle had finished already)"), **errs(403, 415, 422)}},
  "get": {"tags": ["Statements"], "x-permission": SRUN, "summary": "Statement runs, newest first", "parameters": page_q,
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items=run_schema), "next_cursor": nullable(s())}}),
                  **errs(422)}}}
paths["/api/v1/statement-runs/{id}"] = {"get": {"tags": ["Statements"], "x-permission": SRUN, "parameters": p("id"),
    "summary": "A statement run and its progress", "responses": {**plain_ok(run_schema), **errs(404)}}}
run_statement_schema = {"type": "object", "properties": {"id": s("integer"), "run_id": s("integer"),
    "account_id": s("integer"), "statement_number": s(), "guarantor": s(description="the guarantor's name"),
    "statement_date": s(format="date"), "due_date": s(format="date"), "amount_due_cents": s("integer"),
    "patient_due_cents": s("integer"), "insurance_pending_cents": s("integer"), "credit_cents": s("integer"),
    "aging": buckets, "oldest_days": s("integer"), "created_at": s(format="date-time"),
    "pdf_url": s(description="/api/v1/statements/{id}.pdf")}}
paths["/api/v1/statement-runs/{id}/statements"] = {"get": {"tags": ["Statements"], "x-permission": SRUN,
    "parameters": p("id") + page_q,
    "summary": "A run's statements in the order they were made, paged (cursor, limit 1-200, default 50)",
    "description": "Each statement's account, guarantor, amount due, due date and its PDF's link; the lines are in "
                   "GET /api/v1/statements/{id}. Refused (403) to users limited to some locations. Audited as a read.",
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items=run_statement_schema),
        "next_cursor": nullable(s())}}), **errs(403, 404, 422)}}}
paths["/api/v1/statement-runs/{id}/vendor.csv"] = {"get": {"tags": ["Statements"], "x-permission": SRUN, "parameters": p("id"),
    "summary": "The print-and-mail vendor's CSV of a run: mailing address, figures, aging and PDF file name per statement",
    "responses": {"200": {"description": "RFC 4180 CSV", "content": {"text/csv": {"schema": s()}}}, **errs(404)}}}
paths["/api/v1/statements/{id}.pdf"] = {"get": {"tags": ["Statements"], "x-permission": BR, "parameters": p("id"),
    "summary": "One statement as the PDF that was mailed (with its payment coupon); audited as a print",
    "responses": {"200": {"description": "PDF", "content": {"application/pdf": {"schema": s(format="binary")}}}, **errs(404)}}}
paths["/api/v1/statements/{id}"] = {"get": {"tags": ["Statements"], "x-permission": BR, "parameters": p("id"),
    "summary": "One statement with its lines", "responses": {**plain_ok(statement_schema), **errs(404)}}}
paths["/api/v1/accounts/{id}/statements"] = {"get": {"tags": ["Statements"], "x-permission": BR, "parameters": p("id") + page_q,
    "summary": "An account's statement history, newest first",
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items=statement_schema),
                                                                "next_cursor": nullable(s())}}), **errs(404, 422)}}}
paths["/api/v1/payments/{id}/receipt.pdf"] = {"get": {"tags": ["Front desk"], "x-permission": PC, "parameters": p("id"),
    "summary": "The receipt of a desk payment as PDF: practice, patient, the lines it paid, total paid and balance left",
    "responses": {"200": {"description": "PDF", "content": {"application/pdf": {"schema": s(format="binary")}}}, **errs(403, 404)}}}

# ---- claims out (issue 16) ----
CS = "claim.submit"
schemas["Clearinghouse"] = {"type": "object", "required": ["name", "submitter_id", "receiver_id", "receiver_name", "outbox", "inbox", "archive"],
  "properties": {"id": s("integer", readOnly=True), "name": s(maxLength=100),
    "submitter_id": s(maxLength=15, description="ISA06 and 1000A NM109: the id the clearinghouse gave the practice"),
    "submitter_qualifier": s(default="ZZ"), "receiver_id": s(maxLength=15, description="ISA08 and 1000B NM109"),
    "receiver_qualifier": s(default="ZZ"), "receiver_name": s(maxLength=60),
    "application_sender": s(description="GS02; empty: the submitter id"), "application_receiver": s(description="GS03; empty: the receiver id"),
    "production": s("boolean", default=False, description="ISA15 P (true) or T"),
    "contact_name": s(), "contact_phone": s(), "contact_email": s(),
    "transport": s(enum=["file_drop", "sftp"], default="file_drop"),
    "outbox": s(description="absolute folder (file_drop) or remote folder (sftp) for batches"),
    "inbox": s(description="where acknowledgements and remittances arrive"), "archive": s(description="where taken files are moved"),
    "sftp_host": s(), "sftp_port": s("integer", default=22), "sftp_user": s(),
    "sftp_key_file": s(description="path of the private key on the server"), "sftp_known_hosts": s(description="path of the known_hosts file"),
    "active": s("boolean", readOnly=True), "version": s("integer", readOnly=True)}}
resource("/api/v1/clearinghouses", "Clearinghouse", "clearinghouse", "Claims", PR, PA)
finding = {"type": "object", "properties": {"severity": s(enum=["error", "warning"]), "rule": s(), "field": s(description="path in `claim`"),
    "message": s(), "segment": s(description="the X12 element it protects; absent when none")}}
claim_schema = {"type": "object", "properties": {"id": s("integer"), "encounter_id": s("integer"), "patient_id": s("integer"),
    "coverage_id": s("integer"), "payer_id": s("integer"), "responsibility": s(enum=["primary", "secondary", "tertiary"]),
    "patient_control_number": s(description="CLM01"), "state": s(enum=["draft", "scrubbed", "ready", "batched", "accepted", "rejected",
    "paid", "partially_paid", "denied", "corrected", "appealed", "closed"]), "frequency": s(enum=["original", "replacement", "void"]),
    "replaces_claim_id": nullable(s("integer")), "payer_claim_number": nullable(s()), "prior_authorization": nullable(s()),
    "referral_number": nullable(s()), "referring_provider_id": nullable(s("integer")), "onset_date": nullable(s(format="date")),
    "service_date": s(format="date"), "total_cents": s("integer"), "errors": s("integer"), "warnings": s("integer"),
    "scrubbed_at": nullable(s(format="date-time")), "batch_id": nullable(s("integer")), "status_note": nullable(s()),
    "patient_name": s(description="the patient's \"Family, Given\" (the work list, GET /api/v1/claims, only)"),
    "findings": s("array", items=finding), "claim": {"type": "object", "description": "the claim as built (837P model); absent in lists"},
    "history": s("array", description="one claim only", items={"type": "object", "properties": {"at": s(format="date-time"),
        "from": nullable(s()), "to": s(), "user_id": nullable(s("integer")), "note": s()}}), "version": s("integer")}}
edits = {"prior_authorization": s(maxLength=50), "referral_number": s(maxLength=50),
         "referring_provider_id": nullable(s("integer")), "onset_date": nullable(s(format="date"))}
batch_schema = {"type": "object", "properties": {"id": s("integer"), "clearinghouse_id": s("integer"),
    "state": s(enum=["written", "sent", "accepted", "rejected", "partial"]), "file_name": s(), "claims": s("integer"),
    "total_cents": s("integer"), "segments": s("integer", description="SE01"), "production": s("boolean"),
    "batch_reference": s(description="BHT03"), "interchange_control": s("integer", description="ISA13"),
    "group_control": s("integer", description="GS06"), "transaction_control": s("integer", description="ST02"),
    "sent_at": nullable(s(format="date-time")), "send_reference": nullable(s()), "send_error": nullable(s()), "version": s("integer")}}
paths["/api/v1/claims"] = {
  "post": {"tags": ["Claims"], "x-permission": CS, "summary": "Make the claim of a finalized encounter",
    "description": "One claim per encounter and coverage billed: the primary coverage fixed when the encounter was finalized, "
                   "or `coverage_id` (secondary claims are made from the primary's remittance). A coverage that has a live claim "
                   "answers 409. The claim is built from the encounter, the coverage, the payer and the practice as they are, "
                   "starts as draft, and is audited.",
    "requestBody": json_body({"type": "object", "required": ["encounter_id"], "properties": {"encounter_id": s("integer"),
        "coverage_id": s("integer"), **edits}}),
    "responses": {**plain_ok(claim_schema, "201", "The claim (several: {items})"), **errs(403, 409, 415, 422)}},
  "get": {"tags": ["Claims"], "x-permission": BR, "summary": "Claims by state, patient, encounter or batch (the work list)",
    "parameters": [q("state", s(), "a claim state"), q("patient_id", s("integer"), "one patient"),
                   q("encounter_id", s("integer"), "one encounter"), q("batch_id", s("integer"), "the claims of a batch"),
                   q("q", s(maxLength=100), "a search: the claims of a patient as the patient search takes one (a family-name "
                     "prefix, \"Family, Given\", \"Given Family\", a birth date, a phone number or an MRN; the first 200 "
                     "patients it matches, in name order), or of a claim number (ours, CLM01, or the payer's) that starts "
                     "with it, in any case")] + page_q,
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items=claim_schema), "next_cursor": nullable(s())}}),
                  **errs(422)}}}
_claim_states = claim_schema["properties"]["state"]["enum"]
paths["/api/v1/claims/counts"] = {"get": {"tags": ["Claims"], "x-permission": BR,
  "summary": "How many claims stand in each state, how many have findings, and in all",
  "description": "Counts only (no PHI): every state is present, 0 when none; `with_findings` counts the claims whose last scrub "
                 "found errors or warnings. For the whole practice, like the work list: a user limited to locations is refused. Audited.",
  "responses": {**plain_ok({"type": "object", "required": ["counts", "with_findings", "total"], "properties": {
      "counts": {"type": "object", "required": _claim_states, "properties": {st: s("integer", minimum=0) for st in _claim_states},
                 "additionalProperties": False},
      "with_findings": s("integer", minimum=0), "total": s("integer", minimum=0)}}), **errs(403, 422)}}}
paths["/api/v1/claims/{id}"] = {
  "get": {"tags": ["Claims"], "x-permission": BR, "parameters": p("id"), "summary": "A claim with its content, findings and history",
    "responses": {**plain_ok(claim_schema), **errs(404)}},
  "patch": {"tags": ["Claims"], "x-permission": CS, "parameters": p("id"),
    "summary": "Change a claim's prior authorization, referral number, referring provider or onset date",
    "description": "Only while the claim is draft, scrubbed, ready or rejected; it is rebuilt and becomes draft. If-Match optional.",
    "requestBody": {"required": True, "content": {"application/merge-patch+json": {"schema": {"type": "object", "properties": edits}},
                                                  "application/json": {"schema": {"type": "object", "properties": edits}}}},
    "responses": {**plain_ok(claim_schema), **errs(404, 409, 412, 415, 422)}}}
paths["/api/v1/claims/{id}/scrub"] = {"post": {"tags": ["Claims"], "x-permission": CS, "parameters": p("id"),
    "summary": "Rebuild the claim from its records and check it with the practice's rules",
    "description": "Answers the claim with `findings`: each with severity (an error blocks batching), the rule id, the field path "
                   "in `claim` and a plain-English message. No errors: ready; else scrubbed.",
    "responses": {**plain_ok(claim_schema), **errs(404, 409)}}}
paths["/api/v1/claims/{id}/cms1500.pdf"] = {"get": {"tags": ["Claims"], "x-permission": BR, "parameters": p("id"),
    "summary": "The claim on the CMS-1500 (02/12) paper form, as PDF; audited as a print",
    "responses": {"200": {"description": "PDF", "content": {"application/pdf": {"schema": s(format="binary")}}}, **errs(404, 422)}}}
for action, freq, what in (("replace", "7", "Replace"), ("void", "8", "Void")):
    paths[f"/api/v1/claims/{{id}}/{action}"] = {"post": {"tags": ["Claims"], "x-permission": CS, "parameters": p("id"),
        "summary": f"{what} a claim the payer has (frequency {freq})",
        "description": "For a claim that was accepted or decided: a new claim for the same encounter and coverage with the same "
                       "CLM01 and the payer's claim number in REF*F8, built from the encounter as it is now (after a correction). "
                       "The old claim becomes corrected. 409 for a claim that was never sent, or is corrected or closed.",
        "responses": {**plain_ok(claim_schema, "201", "The new claim"), **errs(404, 409)}}}
paths["/api/v1/clearinghouses/{id}/fetch"] = {"post": {"tags": ["Claims"], "x-permission": CS, "parameters": p("id"),
    "summary": "Take in the acknowledgements waiting in the clearinghouse's inbox",
    "description": "Each 999, 277CA and 277 in the inbox is taken in as by POST /api/v1/acknowledgements (one transaction per file) "
                   "and then moved to the archive folder; remittances (835) and other files are left where they are. A file "
                   "that fails stays in the inbox and is listed in `failed`.",
    "responses": {**plain_ok({"type": "object", "properties": {"taken": s("array", items={"type": "object", "properties": {
        "file": s(), "acknowledgement": {"type": "object"}}}), "left": s("array", items=s()), "failed": s("array", items=s())}}),
        **errs(404, 503)}}}
paths["/api/v1/claim-batches"] = {
  "post": {"tags": ["Claims"], "x-permission": CS, "summary": "Put ready claims into one 837P batch",
    "description": "Each claim is rebuilt and scrubbed again; one that is missing, not ready or has an error finding now is refused "
                   "(422 naming `claim_ids[i]`) and nothing is written. Control numbers (ISA13, GS06, ST02) are drawn for the "
                   "clearinghouse (the given one, or the first active one) and never reused; the file is stored and the claims "
                   "become batched in one transaction. Send it with POST /api/v1/claim-batches/{id}/send.",
    "requestBody": json_body({"type": "object", "required": ["claim_ids"], "properties": {
        "claim_ids": s("array", items=s("integer"), maxItems=5000), "clearinghouse_id": s("integer")}}),
    "responses": {**plain_ok({"type": "object", "properties": {"batch": batch_schema, "claims": s("array", items=claim_schema)}}, "201",
                  "The batch"), **errs(403, 415, 422)}},
  "get": {"tags": ["Claims"], "x-permission": BR, "summary": "Claim batches, oldest first", "parameters": page_q,
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items=batch_schema), "next_cursor": nullable(s())}}),
                  **errs(422)}}}
paths["/api/v1/claim-batches/{id}"] = {"get": {"tags": ["Claims"], "x-permission": BR, "parameters": p("id"),
    "summary": "A claim batch", "responses": {**plain_ok(batch_schema), **errs(404)}}}
paths["/api/v1/claim-batches/{id}/x12"] = {"get": {"tags": ["Claims"], "x-permission": CS, "parameters": p("id"),
    "summary": "The batch's 837P file exactly as written (audited as an export)",
    "responses": {"200": {"description": "X12 5010 837P", "content": {"application/edi-x12": {"schema": s()}}}, **errs(404)}}}
paths["/api/v1/claim-batches/{id}/send"] = {"post": {"tags": ["Claims"], "x-permission": CS, "parameters": p("id"),
    "summary": "Send (or send again) a batch through its clearinghouse's transport",
    "description": "The file keeps its name on every send; when it is already there with the same bytes nothing is written "
                   "(`already_present`). A failed send is recorded on the batch (`send_error`) and answered 503/4xx.",
    "responses": {**plain_ok({"type": "object", "properties": {"batch": batch_schema, "already_present": s("boolean")}}),
                  **errs(403, 404, 409, 503)}}}
paths["/api/v1/acknowledgements"] = {"post": {"tags": ["Claims"], "x-permission": CS,
    "summary": "Take in a 999, 277CA or 277: the claims it answers move as it decides",
    "description": "A 999 finds our batch by GS06 and ST02 (from the clearinghouse we sent to); its IK3/IK4 errors are mapped "
                   "back to the claim and field (`errors[].field`). A 277CA finds claims by CLM01. A 277 claim status response "
                   "(005010X212) finds claims by the trace our 276 carried (the CLM01); each claim's status category and code, "
                   "in words, go into its history (`reason`): a rejection or not found (A3, A4, A6-A8) makes a batched or "
                   "accepted claim rejected, a finalized denial (F2) denied; anything else leaves it where it is, and a 277 never "
                   "makes a claim paid. A rejected claim goes back to "
                   "the work list with its reason. The same file again changes nothing (200, `duplicate`); one for a batch that "
                   "is not ours changes nothing and is listed in `unmatched`. A malformed file is 422 naming the segment.",
    "requestBody": {"required": True, "description": "Up to `serve --x12-body-limit` bytes (64 MiB by default) from a "
                    "signed-in caller holding claim.submit (cookie and X-CSRF-Token, or bearer token); anyone else is held "
                    "to 1 MiB.", "content": {"application/edi-x12": {"schema": s()}}},
    "responses": {**plain_ok({"type": "object", "properties": {"acknowledgement_id": s("integer"), "kind": s(enum=["999", "277CA", "277"]),
        "duplicate": s("boolean"), "batch_id": nullable(s("integer")), "claims": s("array", items={"type": "object", "properties": {
            "claim_id": s("integer"), "patient_control_number": s(), "from": s(), "to": s(), "changed": s("boolean"), "reason": s(),
            "errors": s("array", items=finding)}}), "unmatched": s("array", items=s())}}, "201", "What it matched and changed"),
        **errs(403, 413, 422)}}}

paths["/api/v1/claim-status-inquiries"] = {"post": {"tags": ["Claims"], "x-permission": CS,
    "summary": "Ask the payers (276) about batched or accepted claims without an answer for N days",
    "description": "Every claim batched or accepted whose last change or status exchange in its history is at least "
                   "`older_than_days` days old (the quietest first, up to 990) is asked about through the clearinghouse its last "
                   "batch went to (only `clearinghouse_id`'s when given): one 276 (005010X212) per clearinghouse and 99 claims, "
                   "with control numbers drawn like a batch's, handed to the clearinghouse's transport, and recorded in each "
                   "claim's history (\"status inquiry sent\"), which makes it quiet again for the next N days. A claim that "
                   "cannot be asked about is listed in `skipped`; a failed send in `send_error` (its claims are asked about next "
                   "time). The 277 that answers is taken in by POST /api/v1/acknowledgements or the inbox fetch.",
    "requestBody": json_body({"type": "object", "required": ["older_than_days"], "properties": {
        "older_than_days": s("integer", minimum=0, maximum=3650), "clearinghouse_id": s("integer")}}),
    "responses": {**plain_ok({"type": "object", "properties": {
        "inquiries": s("array", items={"type": "object", "properties": {
            "clearinghouse_id": s("integer"), "file_name": s(), "interchange_control": s("integer"), "group_control": s("integer"),
            "transaction_control": s("integer"), "sent": s("boolean"), "already_present": s("boolean"),
            "send_reference": nullable(s()), "send_error": nullable(s()), "claims": s("array", items=claim_schema)}}),
        "skipped": s("array", items=s()), "more": s("boolean", description="more claims wait: call again")}}),
        **errs(403, 415, 422, 503)}}}

# ---- money back: 835 remittances (issue 17, points 1-4) ----
rem_claim = {"type": "object", "properties": {"claim": s(description="CLP01, our CLM01"), "claim_id": s("integer"),
    "status": s(description="CLP02"), "reversal": s("boolean"), "paid_cents": signed_cents("insurance payments posted"),
    "contractual_cents": cents(minimum=0), "patient_responsibility_cents": cents("moved to the next payer or the patient", minimum=0),
    "denied_cents": cents("left owed by the payer, in the denials queue", minimum=0),
    "state": s(description="the claim's state after it"), "entries": s("integer"), "notes": s("array", items=s()),
    "next_claim_id": nullable(s("integer", description="the claim made for the next payer")), "remittance": s("integer"),
    "lines": s("array", description="our charge lines the payer's lines answered, in our line order", items={"type": "object",
        "properties": {"line_id": s("integer"), "code": s(), "modifiers": s("array", items=s()),
        "matched_by": s(enum=["control_number", "code_modifiers", "code_charge", "code", "bundle", "split"],
                        description="REF*6R; code and modifiers; code and charge; code; one payer line for several of ours; "
                                    "a further payer line for one already answered"),
        "paid_cents": signed_cents("insurance payment"), "contractual_cents": cents(minimum=0),
        "patient_responsibility_cents": cents("moved on", minimum=0),
        "moved_to": nullable(s(enum=["secondary", "tertiary", "patient"], description="where it was moved (null: nothing moved)")),
        "denied_cents": cents("left owed, in the denials queue", minimum=0),
        "denial_codes": s("array", items=s(), description="group and CARC of each denial: CO-16")}})}}
rem_report = {"type": "object", "properties": {"dry_run": s("boolean"), "payment_cents": cents("BPR02 of the ERAs posted now", minimum=0),
    "posted": s("array", items=rem_claim),
    "not_posted": s("array", items={"type": "object", "properties": {"claim": s(), "position": s("integer"), "reason": s(),
        "remittance": s("integer")}}),
    "remittances": s("array", items={"type": "object", "properties": {"index": s("integer"), "id": s("integer"),
        "duplicate": s("boolean", description="taken in before (same payer and TRN02): nothing posted"),
        "payer_name": s(), "payer_key": s(), "trace_number": s(), "payment_cents": cents(minimum=0), "payment_date": nullable(s(format="date")),
        "claims": s("integer"), "posted_claims": s("integer"), "not_posted_claims": s("integer"), "paid_cents": signed_cents("paid"),
        "contractual_cents": cents(minimum=0), "patient_responsibility_cents": cents(minimum=0), "denied_cents": cents(minimum=0),
        "entries": s("integer"), "denials": s("integer"),
        "provider_adjustments": s("array", items={"type": "object", "properties": {"reason": s(), "reference": s(),
            "amount_cents": signed_cents("positive lowers the payment"), "provider": s()}})}})}}
remittance_schema = {"type": "object", "properties": {"id": s("integer"), "payer_name": s(), "payer_key": s(), "trace_number": s(),
    "payment_cents": cents(minimum=0), "payment_method": s(), "payment_date": nullable(s(format="date")), "claims": s("integer"),
    "posted_claims": s("integer"), "posted_cents": signed_cents("insurance payments posted"),
    "provider_adjustment_cents": signed_cents("sum of PLB"), "posted_by": s("integer"), "created_at": s(format="date-time")}}
paths["/api/v1/remittances"] = {
  "post": {"tags": ["Remittances"], "x-permission": CS,
    "summary": "Post an 835 remittance (raw X12) to the ledger and answer the posting report",
    "description": "The whole file is checked first (envelopes, loops, the three balancing equations): a file that does not balance "
                   "is 422 naming the claim, line and difference, and nothing of it is posted. Then each ERA (transaction set) is "
                   "posted in its own transaction: claims by CLP01, lines by REF*6R then code, modifiers and units; payments, "
                   "contractual adjustments, patient responsibility to the next payer or the patient, denials left owed and queued, "
                   "reversals (CLP02 22) undone. An ERA taken in before (same payer and TRN02) posts nothing (`duplicate`). A claim "
                   "that cannot be posted exactly is listed in `not_posted` with its reason. `?dry_run=true` answers the report and "
                   "writes nothing.",
    "parameters": [q("dry_run", s("boolean"), "plan and report only")],
    "requestBody": {"required": True, "description": "Up to `serve --x12-body-limit` bytes (64 MiB by default) from a "
                    "caller whose session cookie and X-CSRF-Token, or bearer token, check out and who holds claim.submit; "
                    "anyone else is held to 1 MiB (413 decided from the headers, the body unread).",
                    "content": {"application/edi-x12": {"schema": s()}}},
    "responses": {**plain_ok(rem_report, "200", "The posting report"), **errs(403, 413, 415, 422)}},
  "get": {"tags": ["Remittances"], "x-permission": BR, "summary": "The remittances taken in, newest first", "parameters": page_q,
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items=remittance_schema), "next_cursor": nullable(s())}}),
                  **errs(422)}}}
paths["/api/v1/remittances/{id}"] = {"get": {"tags": ["Remittances"], "x-permission": BR, "parameters": p("id"),
    "summary": "A remittance with each of its claims (posted or not, and why)",
    "responses": {**plain_ok({"type": "object", "properties": {"remittance": remittance_schema, "claims": s("array", items={
        "type": "object", "properties": {"position": s("integer"), "claim": s(), "claim_id": nullable(s("integer")), "status": s(),
        "charge_cents": signed_cents("CLP03"), "paid_cents": signed_cents("CLP04"), "patient_responsibility_cents": signed_cents("CLP05"),
        "payer_claim_number": s(), "posted": s("boolean"), "reason": s()}})}}), **errs(404)}}}

# ---- eligibility 270/271 (issue 17, point 6) ----
PW, PRD = "patient.write", "patient.read"
figures = {"type": "object", "properties": {
    "service_type": s(), "copay_cents": nullable(s("integer")),
    "copay_in_network": nullable(s("boolean", description="EB12 of the co-pay chosen; null when the payer did not say")),
    "coinsurance_basis_points": nullable(s("integer", description="2000 = 20 %")),
    "deductible_cents": nullable(s("integer")), "deductible_remaining_cents": nullable(s("integer")),
    "family_deductible_cents": nullable(s("integer")), "family_deductible_remaining_cents": nullable(s("integer"))}}
elig_summary = {"type": "object", "description": "what the 271 says (null when no 271 was read)", "properties": {
    "coverage": s(enum=["active", "inactive", "unknown"]), "member_id": nullable(s()), "plan_name": nullable(s()),
    "group_number": nullable(s()), "group_name": nullable(s()), "plan_begin": nullable(s(format="date")),
    "plan_end": nullable(s(format="date")), "eligibility_begin": nullable(s(format="date")),
    "eligibility_end": nullable(s(format="date")),
    "payer": nullable({"type": "object", "properties": {"name": s(), "id": s()}}),
    "general": {**figures, "description": "service type 30 (health benefit plan coverage)"},
    "visit": {**figures, "description": "the visit's service type"},
    "rejections": s("array", items=s(), description="AAA reasons in plain English")}}
elig_states = ["active", "inactive", "rejected", "failed", "timed_out"]
elig_check = {"type": "object", "properties": {
    "id": s("integer"), "coverage_id": s("integer"), "patient_id": s("integer"), "payer_id": s("integer"),
    "clearinghouse_id": nullable(s("integer")), "service_date": s(format="date"), "service_type": s(),
    "state": s(enum=elig_states),
    "reason": nullable(s(description="rejected: the payer's reasons; failed and timed_out: why, in plain English")),
    "cached": s("boolean", description="answered from an earlier check of the same coverage, day and type"),
    "checked_at": s(format="date-time"), "elapsed_ms": s("integer", description="time waiting on the clearinghouse"),
    "trace_number": nullable(s(description="TRN02 of the 270")),
    "interchange_control": nullable(s("integer", description="ISA13 of the 270; null when none was sent")),
    "summary": nullable(elig_summary)}}
paths["/api/v1/eligibility"] = {
  "post": {"tags": ["Eligibility"], "x-permission": PW,
    "summary": "Check a coverage for a day of service (270/271)",
    "description": "Answers from the day's cache when the payer already answered for the same coverage, day and service type "
                   "(in the last 24 hours, the coverage and patient unchanged) unless `refresh`; otherwise sends a 270 to the "
                   "practice's real-time clearinghouse (the first active one with a URL, or `clearinghouse_id`) and waits at most "
                   "its time box. Always 200 with the outcome: active or inactive with the 271's summary, or `{state: rejected | "
                   "failed | timed_out, reason}`. Only bad input is 4xx. No database transaction is held while it waits; "
                   "registration, booking and check-in never wait on it. Audited with the patient (the 270 as an export).",
    "requestBody": json_body({"type": "object", "required": ["coverage_id", "service_date"], "additionalProperties": False,
        "properties": {"coverage_id": s("integer", minimum=1), "service_date": s(format="date"),
                       "service_type": s(pattern="^[0-9A-Z]{1,2}$", default="30", description="the visit's X12 service type, asked with 30"),
                       "provider_id": s("integer", description="the provider the patient sees (the 270's receiver); default the practice"),
                       "clearinghouse_id": s("integer"), "refresh": s("boolean", default=False)}}),
    "responses": {**plain_ok(elig_check, "200", "The check"), **errs(415, 422)}},
  "get": {"tags": ["Eligibility"], "x-permission": PRD, "summary": "The eligibility checks of a coverage, newest first",
    "parameters": [q("coverage_id", s("integer"), "the coverage", True)] + p("cursor", "limit"),
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items=elig_check),
                                                                 "next_cursor": nullable(s())}}), **errs(422)}}}
paths["/api/v1/eligibility/{id}"] = {"get": {"tags": ["Eligibility"], "x-permission": PRD, "parameters": p("id"),
    "summary": "One eligibility check with its summary", "responses": {**plain_ok(elig_check), **errs(404)}}}
paths["/api/v1/eligibility/{id}/x12"] = {"get": {"tags": ["Eligibility"], "x-permission": PRD, "parameters": p("id"),
    "summary": "The 271 of a check as the clearinghouse sent it (audited as an export)",
    "responses": {"200": {"description": "X12", "content": {"application/edi-x12": {"schema": s()}}}, **errs(404)}}}
paths["/api/v1/eligibility/batch-runs"] = {"post": {"tags": ["Eligibility"], "x-permission": PW,
    "summary": "Check every coverage of a day's appointments (tomorrow at each location by default)",
    "description": "Each coverage in force on the day of an appointment that holds its time (not cancelled or no-show) is checked "
                   "once, as POST /api/v1/eligibility would with the appointment's provider, `concurrency` at a time, each within "
                   "its clearinghouse's time box; the answer comes when all are done, with a line per coverage. A user limited "
                   "to some locations runs it for those. One run at a time per server (409). `medoffice eligibility run` does the "
                   "same from cron.",
    "requestBody": json_body({"type": "object", "additionalProperties": False, "properties": {
        "date": s(format="date"), "concurrency": s("integer", minimum=1, maximum=32, default=8),
        "location_ids": s("array", items=s("integer"), maxItems=100)}}, required=False),
    "responses": {**plain_ok({"type": "object", "properties": {
        "dates": s("array", items=s(format="date")), "appointments": s("integer"), "elapsed_ms": s("integer"),
        "counts": {"type": "object", "properties": {st: s("integer") for st in elig_states}},
        "items": s("array", items={"type": "object", "properties": {
            "coverage_id": s("integer"), "patient_id": s("integer"), "service_date": s(format="date"),
            "state": s(enum=elig_states), "reason": nullable(s()), "cached": s("boolean"),
            "check_id": nullable(s("integer")), "elapsed_ms": s("integer"), "summary": nullable(elig_summary)}})}}),
        **errs(409, 415, 422)}}}
elig_settings = {"type": "object", "properties": {
    "clearinghouse_id": ro(s("integer")),
    "url": s(maxLength=2000, description="https://host[:port]/path (or http://) that takes a 270 (POST, application/edi-x12) "
                                         "and answers the 271; empty: no real-time checks. Over https:// the certificate is "
                                         "verified against the trusted CAs and the host"),
    "connect_timeout_ms": s("integer", minimum=100, maximum=30000, default=3000),
    "timeout_ms": s("integer", minimum=200, maximum=60000, default=10000, description="the whole exchange, connection included"),
    "version": ro(s("integer")), "updated_at": ro(nullable(s(format="date-time")))}}
paths["/api/v1/clearinghouses/{id}/eligibility"] = {
  "get": {"tags": ["Eligibility"], "x-permission": PR, "parameters": p("id"),
    "summary": "A clearinghouse's real-time eligibility settings (URL and time box)",
    "responses": {**etag_ok(elig_settings), **errs(404)}},
  "put": {"tags": ["Eligibility"], "x-permission": PA, "parameters": p("id"),
    "summary": "Set a clearinghouse's real-time eligibility URL and time box",
    "description": "If-Match optional (412 when stale). Audited as a configuration change.",
    "requestBody": json_body(elig_settings),
    "responses": {**etag_ok(elig_settings), **errs(404, 412, 415, 422)}}}

# ---- denials work queue (issue 17, point 5) ----
den_actions = ["correct_and_resubmit", "appeal", "write_off", "bill_patient"]
den_buckets = ["0-30", "31-60", "61-90", "91+"]
denial_note = {"type": "object", "properties": {"id": s("integer"), "denial_id": s("integer"), "author_id": s("integer"),
    "author_name": s(), "body": s(), "created_at": s(format="date-time")}}
denial_schema = {"type": "object", "properties": {
    "id": s("integer"), "state": s(enum=["open", "resolved"]),
    "resolution": nullable(s(enum=["resubmitted", "appealed", "written_off", "billed_patient", "reversed", "other"])),
    "group": s(enum=["CO", "PI", "OA", "PR"], description="CAS01: the claim adjustment group"),
    "carc": s(description="the claim adjustment reason code"),
    "rarc": s("array", items=s(), description="remark codes (LQ*HE, MOA), in the payer's order"),
    "payer_id": s("integer"), "payer_name": s(),
    "age_days": s("integer", description="whole days from denied_on to today in the zone of the encounter's location"),
    "age_bucket": s(enum=den_buckets),
    "suggested_action": s(enum=den_actions, description="what the practice's denial rules suggest"),
    "explanation": s(description="the rule's explanation, in plain English"), "suggestion_rule": s(description="the rule's id"),
    "due_on": s(format="date", description="the date set (due_on_set) or denied_on plus the rule's due days"),
    "due_on_set": s("boolean"),
    "amount_cents": cents("what the payer did not pay for this reason"),
    "still_owed_cents": s("integer", minimum=0, description="what the payer's place on the line (or the claim's lines) still owes"),
    "denied_on": s(format="date"), "responsibility": s(enum=["primary", "secondary", "tertiary"]),
    "patient_id": s("integer"), "patient": {"type": "object", "properties": {"id": s("integer"), "family_name": s(), "given_name": s()}},
    "claim_id": s("integer"), "claim": {"type": "object", "properties": {"id": s("integer"),
        "patient_control_number": s(description="CLM01"), "state": s()}},
    "line_id": nullable(s("integer")),
    "line": nullable({"type": "object", "description": "null for a denial of the whole claim", "properties": {
        "id": s("integer"), "procedure_code": s(), "modifiers": s("array", items=s()), "charge_cents": s("integer")}}),
    "service_date": s(format="date"), "remittance_id": s("integer"), "remittance_claim_id": s("integer"),
    "assigned_to": nullable(s("integer")), "resolved_at": nullable(s(format="date-time")), "resolved_by": nullable(s("integer")),
    "version": s("integer"), "created_at": s(format="date-time"), "updated_at": s(format="date-time"),
    "notes": s("array", items=denial_note, description="one denial only")}}
denial_group = {"type": "object", "properties": {"key": s(description="\"CO-50 N130\", the payer id, or the age bucket"),
    "group": s(), "carc": s(), "rarc": s("array", items=s()), "payer_id": s("integer"), "payer_name": s(),
    "age_bucket": s(enum=den_buckets), "count": s("integer"), "amount_cents": s("integer")}}
paths["/api/v1/denials"] = {"get": {"tags": ["Denials"], "x-permission": BR,
    "summary": "The denials work queue, oldest first, with the suggested action of each",
    "description": "Open denials by default. `group_by` (or `group` given reason, payer or age) adds `groups`: every selected "
                   "denial counted and summed by reason (group, CARC and remark codes), payer or age bucket, the largest amount "
                   "first. Refused (403) to users limited to some locations. Audited as a search.",
    "parameters": [q("state", s(enum=["open", "resolved", "all"], default="open"), "which denials"),
                   q("group", s(), "a CAS group (CO, PI, OA, PR); reason, payer or age mean group_by"),
                   q("group_by", s(enum=["reason", "payer", "age"]), "add the groups"),
                   q("carc", s(), "one reason code"), q("payer_id", s("integer"), "one payer"),
                   q("assigned_to", s(), "a user id, me, or none (unassigned)"),
                   q("age", s(enum=den_buckets), "one age bucket"),
                   q("claim_id", s("integer"), "one claim"), q("patient_id", s("integer"), "one patient")] + page_q,
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items=denial_schema), "next_cursor": nullable(s()),
        "group_by": s(enum=["reason", "payer", "age"]), "groups": s("array", items=denial_group)}}), **errs(422)}}}
paths["/api/v1/denials/assignees"] = {"get": {"tags": ["Denials"], "x-permission": BR,
    "summary": "The users a denial may be assigned to: active billers and managers, by name",
    "description": "Only `id` and `display_name` of each: the users PATCH /api/v1/denials/{id} accepts as `assigned_to`.",
    "responses": {**plain_ok({"type": "object", "properties": {"items": s("array", items={"type": "object", "properties": {
        "id": s("integer"), "display_name": s()}})}}), **errs(422)}}}
paths["/api/v1/denials/{id}"] = {
  "get": {"tags": ["Denials"], "x-permission": BR, "parameters": p("id"), "summary": "A denial with its suggestion and notes",
    "responses": {**etag_ok(denial_schema), **errs(404)}},
  "patch": {"tags": ["Denials"], "x-permission": CS, "parameters": p("id", "IfMatch"),
    "summary": "Assign an open denial or set its due date",
    "description": "`assigned_to`: an active user who may work denials (biller, manager), or null; `due_on`: a date, or null "
                   "for the rule's period. A resolved denial answers 409.",
    "requestBody": {"required": True, "content": {ct: {"schema": {"type": "object", "properties": {
        "assigned_to": nullable(s("integer")), "due_on": nullable(s(format="date"))}}} for ct in
        ("application/json", "application/merge-patch+json")}},
    "responses": {**etag_ok(denial_schema), **errs(404, 409, 412, 415, 422, 428)}}}
paths["/api/v1/denials/{id}/notes"] = {"post": {"tags": ["Denials"], "x-permission": CS, "parameters": p("id", "IdempotencyKey"),
    "summary": "Add a note to a denial",
    "requestBody": json_body({"type": "object", "required": ["body"], "properties": {"body": s(maxLength=4000)}}),
    "responses": {**plain_ok(denial_note, "201", "The note"), **errs(404, 415, 422)}}}
paths["/api/v1/denials/{id}/resolve"] = {"post": {"tags": ["Denials"], "x-permission": CS,
    "parameters": p("id") + [{"name": "If-Match", "in": "header", "schema": s(), "description": "the ETag read; 412 when stale"}],
    "summary": "Resolve a denial by an action",
    "description": "write_off: a write-off of the denied amount from the payer's place on the line (a claim-level denial: on the "
                   "claim's lines in order), at most what that place still owes; bill_patient: a transfer of it to the patient; "
                   "correct_and_resubmit: marked resubmitted, `next` is the claim's replace route; appeal: the claim becomes "
                   "appealed (claim lifecycle; 409 naming its state when it cannot be) and `next` is the appeal letter. "
                   "One transaction; audited with the patient.",
    "requestBody": json_body({"type": "object", "required": ["action"], "properties": {"action": s(enum=den_actions),
        "note": s(maxLength=4000, description="kept as a note")}}),
    "responses": {**etag_ok({"type": "object", "properties": {"denial": denial_schema,
        "entries": s("array", items=ref("LedgerEntry"), description="the ledger entries posted (write_off, bill_patient)"),
        "posted_cents": s("integer"), "claim": nullable({"type": "object", "properties": {"id": s("integer"),
            "patient_control_number": s(), "state": s(), "version": s("integer")}}),
        "next": nullable(s(description="where to go on: the claim's replace route, or the appeal letter"))}}),
        **errs(404, 409, 412, 415, 422)}}}
paths["/api/v1/denials/{id}/appeal-letter.pdf"] = {"get": {"tags": ["Denials"], "x-permission": BR, "parameters": p("id"),
    "summary": "The appeal letter as PDF: letterhead, payer, patient and claim, the denied lines with their codes' meanings, "
               "and the body from the practice's template (audited as a print)",
    "responses": {"200": {"description": "PDF", "content": {"application/pdf": {"schema": s(format="binary")}}}, **errs(404)}}}

user_schema = {"type": "object", "properties": {
    "user_id": s("integer"), "username": s(), "organization_id": s("integer"),
    "roles": s("array", items=s(enum=["front_desk", "biller", "clinician", "manager", "admin"])),
    "permissions": s("array", items=s(), description="what the roles allow (the x-permission names of the routes)"),
    "location_ids": s("array", items=s("integer"), description="empty: every location"),
    "idle_timeout_seconds": s("integer"), "break_glass_until": nullable(s(format="date-time"))}}
paths["/api/v1/session"] = {
  "post": {"tags": ["Session"], "summary": "Sign in", "security": [],
           "description": "Sets the HttpOnly, SameSite=Strict session cookie and returns the CSRF token that every "
                          "state-changing request must echo in X-CSRF-Token. Managers and admins also send `totp` "
                          "(6-digit code or a recovery code). Failures answer 401 with the same message whether or not "
                          "the username exists; repeated failures answer 429 for 15 minutes.",
           "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object",
                           "required": ["username", "password"], "properties": {
                           "username": s(), "password": s(), "totp": s()}}}}},
           "responses": {"200": {"description": "Signed in; Set-Cookie: medoffice_session=...", "content": {"application/json": {"schema": {
               "type": "object", "properties": {"csrf_token": s(), "expires_at": s(format="date-time"), "user": user_schema}}}}},
               **errs(401, 415, 422, 429)}},
  "get": {"tags": ["Session"], "summary": "The signed-in user", "x-permission": "self",
          "responses": {"200": {"description": "The user", "content": {"application/json": {"schema": user_schema}}}}},
  "delete": {"tags": ["Session"], "summary": "Sign out (ends the session on the server)", "x-permission": "self",
             "responses": {"204": {"description": "Signed out; the cookie is cleared"}}},
}
audit_event = {"type": "object", "properties": {
    "seq": s("integer"), "at": s(format="date-time"), "user_id": nullable(s("integer")), "username": s(),
    "ip": s(), "user_agent": s(),
    "action": s(enum=["read", "search", "create", "update", "merge", "archive", "restore", "export", "print", "login",
                      "login_failed", "logout", "permission_change", "config_change", "break_glass", "access_denied"]),
    "resource_type": s(), "resource_id": s(), "patient_id": nullable(s("integer")),
    "outcome": s(enum=["success", "denied", "failed"]), "reason": s(), "break_glass": s("boolean")}}
audit_page = {"type": "object", "properties": {"items": s("array", items=audit_event), "next_cursor": nullable(s())}}
aq = [{"name": "patient_id", "in": "query", "schema": s("integer"), "description": "only events about this patient"},
      {"name": "user_id", "in": "query", "schema": s("integer")},
      {"name": "action", "in": "query", "schema": s()},
      {"name": "from", "in": "query", "schema": s(format="date"), "description": "first UTC day"},
      {"name": "to", "in": "query", "schema": s(format="date"), "description": "last UTC day (inclusive)"},
      {"name": "cursor", "in": "query", "schema": s()}, {"name": "limit", "in": "query", "schema": s("integer")}]
paths["/api/v1/audit-events"] = {"get": {"tags": ["Audit"], "summary": "Search the audit trail (the search is itself audited)",
    "parameters": aq, "x-permission": "audit.read",
    "responses": {"200": {"description": "Events in sequence order", "content": {"application/json": {"schema": audit_page}}}, **errs(422)}}}
paths["/api/v1/audit-events.csv"] = {"get": {"tags": ["Audit"], "summary": "Export the audit trail as CSV (audited as an export)",
    "parameters": aq, "x-permission": "audit.export",
    "responses": {"200": {"description": "RFC 4180 CSV; cells starting with = + - @ are prefixed with '",
                          "content": {"text/csv": {"schema": s()}}}, **errs(422)}}}
paths["/api/v1/patients/{id}/disclosures"] = {"get": {"tags": ["Audit"], "summary": "Accounting of disclosures: every recorded access to one patient",
    "parameters": p("id") + aq[1:], "x-permission": "audit.read",
    "responses": {"200": {"description": "Events about the patient", "content": {"application/json": {"schema": audit_page}}}, **errs(404, 422)}}}
paths["/api/v1/session/mfa"] = {"post": {"tags": ["Session"], "x-permission": "self",
    "summary": "Start (or redo) two-factor enrolment; answers the otpauth URI",
    "responses": {"200": {"description": "Pending until confirmed", "content": {"application/json": {"schema": {"type": "object",
        "properties": {"otpauth_uri": s()}}}}}, **errs(422)}}}
paths["/api/v1/session/mfa/confirm"] = {"post": {"tags": ["Session"], "x-permission": "self",
    "summary": "Finish two-factor enrolment with a current code; answers ten recovery codes (shown once)",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["totp"],
        "properties": {"totp": s()}}}}},
    "responses": {"200": {"description": "Enabled", "content": {"application/json": {"schema": {"type": "object",
        "properties": {"mfa_enabled": s("boolean"), "recovery_codes": s("array", items=s())}}}}}, **errs(409, 415, 422)}}}
paths["/api/v1/session/break-glass"] = {"post": {"tags": ["Session"], "x-permission": "break_glass",
    "summary": "Break-glass: widen your own access (location limits) for a stated reason and a limited time",
    "description": "Flagged in the audit trail; every audit event during it carries break_glass=true; managers see it in /api/v1/notifications.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"],
        "properties": {"reason": s(minLength=10), "minutes": s("integer", minimum=5, maximum=240, default=60)}}}}},
    "responses": {"200": {"description": "Active", "content": {"application/json": {"schema": {"type": "object",
        "properties": {"break_glass_until": s(format="date-time")}}}}}, **errs(415, 422)}}}
paths["/api/v1/notifications"] = {"get": {"tags": ["Audit"], "x-permission": "audit.read",
    "summary": "Break-glass uses of the last 7 days, for managers",
    "responses": {"200": {"description": "Notifications", "content": {"application/json": {"schema": {"type": "object",
        "properties": {"items": s("array", items={"type": "object"})}}}}}}}}
token_schema = {"type": "object", "properties": {"id": s("integer"), "name": s(),
    "scopes": s("array", items=s()), "created_at": s(format="date-time"), "expires_at": s(format="date-time"),
    "revoked": s("boolean"), "token": s(description="only in the 201 answer")}}
paths["/api/v1/tokens"] = {
  "post": {"tags": ["Session"], "summary": "Create a personal access token (secret shown once)", "x-permission": "self",
           "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["name", "scopes"],
               "properties": {"name": s(), "scopes": s("array", items=s(), description="permission names your roles hold"),
                              "days": s("integer", minimum=1, maximum=366, default=90)}}}}},
           "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": token_schema}}}, **errs(415, 422)}},
  "get": {"tags": ["Session"], "summary": "Your personal access tokens", "x-permission": "self",
          "responses": {"200": {"description": "Tokens", "content": {"application/json": {"schema": {"type": "object", "properties": {
              "items": s("array", items=token_schema), "next_cursor": s("null")}}}}}}}}
paths["/api/v1/tokens/{id}"] = {"delete": {"tags": ["Session"], "summary": "Revoke a personal access token", "x-permission": "self",
    "parameters": p("id"), "responses": {"204": {"description": "Revoked"}, **errs(404)}}}
admin_user = {"type": "object", "properties": {
    "id": s("integer"), "organization_id": s("integer"), "username": s(), "display_name": s(),
    "roles": s("array", items=s(enum=["front_desk", "biller", "clinician", "manager", "admin"])),
    "location_ids": s("array", items=s("integer")), "active": s("boolean"), "mfa_enabled": s("boolean"),
    "version": s("integer"), "created_at": s(format="date-time"), "updated_at": s(format="date-time"),
    "otpauth_uri": s(description="201 only, for roles that require two-factor sign-in"),
    "recovery_codes": s("array", items=s(), description="201 only, each works once")}}
ua = "user.admin"
uok = lambda: {"200": {"description": "The user", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                       "content": {"application/json": {"schema": admin_user}}}}
paths["/api/v1/users"] = {
  "get": {"tags": ["Users"], "summary": "Users of your organization", "x-permission": ua,
          "responses": {"200": {"description": "Users", "content": {"application/json": {"schema": {"type": "object", "properties": {
              "items": s("array", items=admin_user), "next_cursor": s("null")}}}}}}},
  "post": {"tags": ["Users"], "summary": "Add a user", "x-permission": ua,
           "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object",
               "required": ["username", "display_name", "roles", "password"], "properties": {
               "username": s(), "display_name": s(), "roles": s("array", items=s()),
               "location_ids": s("array", items=s("integer")), "password": s()}}}}},
           "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": admin_user}}}, **errs(409, 415, 422)}}}
paths["/api/v1/users/{id}"] = {
  "get": {"tags": ["Users"], "summary": "Read a user", "x-permission": ua, "parameters": p("id"), "responses": {**uok(), **errs(404)}},
  "put": {"tags": ["Users"], "summary": "Change display name, roles and locations", "x-permission": ua,
          "parameters": p("id", "IfMatch"), "requestBody": {"required": True, "content": {"application/json": {"schema": admin_user}}},
          "responses": {**uok(), **errs(404, 409, 412, 415, 422, 428)}}}
paths["/api/v1/users/{id}/disable"] = {"post": {"tags": ["Users"], "summary": "Disable a user (ends sessions and tokens)",
    "x-permission": ua, "parameters": p("id"), "responses": {**uok(), **errs(404, 409)}}}
paths["/api/v1/users/{id}/enable"] = {"post": {"tags": ["Users"], "summary": "Enable a user",
    "x-permission": ua, "parameters": p("id"), "responses": {**uok(), **errs(404)}}}
paths["/api/v1/users/{id}/reset-password"] = {"post": {"tags": ["Users"], "summary": "Set a new password; ends the user's sessions",
    "x-permission": ua, "parameters": p("id"),
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["password"],
                    "properties": {"password": s()}}}}},
    "responses": {"204": {"description": "Changed"}, **errs(404, 415, 422)}}}
paths["/healthz"] = {"get": {"tags": ["Operations"], "summary": "Liveness and database reachability",
    "responses": {"200": {"description": "Healthy", "content": {"application/json": {"schema": ref("Health")}}},
                  "503": {"description": "Database unreachable", "content": {"application/json": {"schema": ref("Health")}}}}}}
paths["/"] = {"get": {"tags": ["Operations"], "summary": "The web UI (single-page app; other UI paths such as /calendar also answer its index.html)",
    "responses": {"200": {"description": "HTML", "content": {"text/html": {"schema": s()}}}}}}
paths["/metrics"] = {"get": {"tags": ["Operations"], "summary": "Prometheus metrics",
    "responses": {"200": {"description": "Prometheus text format 0.0.4", "content": {"text/plain": {"schema": s()}}}}}}
paths["/api/v1/openapi.json"] = {"get": {"tags": ["Operations"], "summary": "This document",
    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}}

# Every operation needs a session unless it says otherwise; state-changing ones also the CSRF token.
PUBLIC = {("/healthz", "get"), ("/", "get"), ("/metrics", "get"), ("/api/v1/openapi.json", "get"), ("/api/v1/session", "post")}
for path, ops in paths.items():
    for method, op in ops.items():
        if (path, method) in PUBLIC:
            op["security"] = []
            continue
        op["responses"].update(errs(401, 403))
        if method in ("post", "put", "patch", "delete"):
            op["security"] = [{"session": [], "csrf": []}, {"bearer": []}]

doc = {
  "openapi": "3.1.0",
  "info": {"title": "MedOffice API", "version": "0.1.0",
           "description": "Practice management REST API. Conventions: cursor pagination (?cursor=&limit=), ETag on every "
                          "resource and If-Match on every change (412 when stale, 428 when absent), Idempotency-Key on POST, "
                          "archive instead of delete, errors as application/problem+json with errors[{field, message}]. "
                          "Bodies are limited to 1 MB. Money is integer cents.",
           "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}},
  "servers": [{"url": "/"}],
  "security": [{"session": []}, {"bearer": []}],
  "paths": paths,
  "components": {"schemas": schemas, "parameters": params,
                 "headers": {"ETag": {"schema": s(), "description": "quoted version, e.g. \"3\""}},
                 "responses": {"Problem": problem},
                 "securitySchemes": {
                   "session": {"type": "apiKey", "in": "cookie", "name": "medoffice_session",
                               "description": "Set by POST /api/v1/session. x-permission on each operation names what the caller's roles must hold."},
                   "bearer": {"type": "http", "scheme": "bearer",
                              "description": "A personal access token (mo_pat_…) from POST /api/v1/tokens; limited to its scopes; no CSRF token needed."},
                   "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                            "description": "The csrf_token returned at sign-in; required on every state-changing request."}}},
}
out = os.path.join(os.path.dirname(__file__), "..", "docs", "api", "openapi.json")
text = json.dumps(doc, indent=1, sort_keys=False) + "\n"
if "--check" in sys.argv:
    # scripts/lint: the committed document is the one this script writes.
    with open(out) as f:
        if f.read() != text:
            sys.exit("docs/api/openapi.json is not what scripts/gen_openapi.py writes: run it and commit the result")
    sys.exit(0)
with open(out, "w") as f:
    f.write(text)
