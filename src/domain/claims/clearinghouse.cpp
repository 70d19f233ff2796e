// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/clearinghouse.hpp"

namespace medoffice::domain::claims {

std::string_view toString(TransportKind k) {
  return k == TransportKind::kSftp ? "sftp" : "file_drop";
}

namespace {

/// Letters, digits, space and the few punctuation marks receivers use in ISA ids.
bool isaText(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == ' ' || c == '-' || c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void identifier(FieldErrors& e, const char* field, const std::string& v, std::size_t min,
                std::size_t max) {
  if (v.size() < min || v.size() > max) {
    e.add(field, "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters");
  } else if (!isaText(v)) {
    e.add(field, "may hold only letters, digits, spaces, '-', '.' and '_'");
  } else if (!v.empty() && (v.front() == ' ' || v.back() == ' ')) {
    e.add(field, "must not start or end with a space");
  }
}

void absolutePath(FieldErrors& e, const char* field, const std::string& v, bool required) {
  if (v.empty()) {
    if (required) e.add(field, "is required");
    return;
  }
  if (v.front() != '/') e.add(field, "must be an absolute path");
  if (v.find('\0') != std::string::npos || v.size() > 1024) e.add(field, "is not a usable path");
}

}  // namespace

std::vector<FieldError> validate(const Clearinghouse& c) {
  FieldErrors e;
  if (c.name.empty() || c.name.size() > 100) e.add("name", "must be 1 to 100 characters");
  identifier(e, "submitter_id", c.submitterId, 1, 15);
  identifier(e, "receiver_id", c.receiverId, 1, 15);
  identifier(e, "submitter_qualifier", c.submitterQualifier, 2, 2);
  identifier(e, "receiver_qualifier", c.receiverQualifier, 2, 2);
  if (c.receiverName.empty() || c.receiverName.size() > 60) {
    e.add("receiver_name", "must be 1 to 60 characters");
  }
  if (!c.applicationSender.empty()) {
    identifier(e, "application_sender", c.applicationSender, 2, 15);
  } else if (c.submitterId.size() < 2) {
    e.add("application_sender", "is required when the submitter id is shorter than 2");
  }
  if (!c.applicationReceiver.empty()) {
    identifier(e, "application_receiver", c.applicationReceiver, 2, 15);
  } else if (c.receiverId.size() < 2) {
    e.add("application_receiver", "is required when the receiver id is shorter than 2");
  }
  if (!c.contactName.empty() && c.contactPhone.empty() && c.contactEmail.empty()) {
    e.add("contact_phone", "or contact_email is required with a contact name");
  }
  const bool sftp = c.transport == TransportKind::kSftp;
  if (sftp) {
    if (c.sftpHost.empty() || c.sftpHost.size() > 253) e.add("sftp_host", "is required");
    if (c.sftpPort < 1 || c.sftpPort > 65535) e.add("sftp_port", "must be 1 to 65535");
    if (c.sftpUser.empty()) e.add("sftp_user", "is required");
    absolutePath(e, "sftp_key_file", c.sftpKeyFile, true);
    absolutePath(e, "sftp_known_hosts", c.sftpKnownHosts, true);
  }
  absolutePath(e, "outbox", c.outbox, true);
  absolutePath(e, "inbox", c.inbox, true);
  absolutePath(e, "archive", c.archive, true);
  return e.list();
}

}  // namespace medoffice::domain::claims
