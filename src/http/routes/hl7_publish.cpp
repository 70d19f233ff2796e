// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/routes/hl7_publish.hpp"

namespace medoffice::http {

void publishSiu(Repositories& r, ApiContext& ctx, codecs::hl7v2::SiuEvent event,
                const domain::Appointment& a) {
  if (!ctx.hl7Outbox) return;
  auto patient = r.patients().get(a.organizationId, a.patientId);
  auto provider = r.providers().get(a.organizationId, a.providerId);
  auto location = r.locations().get(a.organizationId, a.locationId);
  auto type = r.scheduling().getType(a.organizationId, a.appointmentTypeId);
  auto org = r.organizations().get(a.organizationId);
  if (!patient || !provider || !location) return;  // the change itself checked these
  codecs::hl7v2::SiuInput in;
  in.event = event;
  in.sentAt = ctx.clock.now();
  // Unique per message: the appointment's id and version change with every change.
  in.controlId = "A" + std::to_string(a.id.value) + "V" + std::to_string(a.meta.version) +
                 std::string(codecs::hl7v2::toString(event));
  in.sendingFacility = org ? org->legalName : "";
  in.appointment = &a;
  in.patient = &*patient;
  in.provider = &*provider;
  in.location = &*location;
  in.appointmentTypeName = type ? type->name : "";
  if (a.roomId.valid()) {
    if (auto room = r.scheduling().getRoom(a.organizationId, a.roomId)) in.roomName = room->name;
  }
  r.outbox().enqueue(a.organizationId, "hl7", "SIU_" + std::string(codecs::hl7v2::toString(event)),
                     codecs::hl7v2::encodeSiu(in), in.sentAt);
}

}  // namespace medoffice::http
