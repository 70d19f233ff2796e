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

Result<HttpEndpoint> parseHttpUrl(std::string_view url) {
  auto bad = [](std::string why) -> Result<HttpEndpoint> {
    return Error::invalidField("url", std::move(why));
  };
  if (url.size() > 2000) return bad("must be at most 2000 characters");
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return bad("must not hold spaces, control or non-ASCII characters");
  }
  const bool tls = url.rfind("https://", 0) == 0;
  if (!tls && url.rfind("http://", 0) != 0) return bad("must start with https:// or http://");
  if (url.find('#') != std::string_view::npos) return bad("must not carry a fragment (#)");
  const std::string_view rest = url.substr(tls ? 8 : 7);
  const std::size_t slash = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) {
    return bad("must not carry a user name or password");
  }
  HttpEndpoint out;
  out.tls = tls;
  out.port = tls ? 443 : 80;
  std::string_view host = authority;
  std::string_view port;
  bool portGiven = false;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return bad("has an IPv6 address without its closing ']'");
    std::string_view after = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("has something other than a port after the address");
      port = after.substr(1);
      portGiven = true;
    }
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
    portGiven = true;
  }
  if (host.empty()) return bad("must name a host");
  if (portGiven) {
    int n = 0;
    if (port.empty() || port.size() > 5) return bad("has a port that is not 1 to 65535");
    for (char c : port) {
      if (c < '0' || c > '9') return bad("has a port that is not 1 to 65535");
      n = n * 10 + (c - '0');
    }
    if (n < 1 || n > 65535) return bad("has a port that is not 1 to 65535");
    out.port = n;
  }
  out.host = std::string(host);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (out.target.front() == '?') out.target.insert(0, "/");
  return out;
}

std::vector<FieldError> validate(const RealtimeEligibility& e) {
  FieldErrors errors;
  if (e.connectTimeoutMs < 100 || e.connectTimeoutMs > 30000) {
    errors.add("connect_timeout_ms", "must be 100 to 30000 milliseconds");
  }
  if (e.timeoutMs < 200 || e.timeoutMs > 60000) {
    errors.add("timeout_ms", "must be 200 to 60000 milliseconds");
  } else if (e.connectTimeoutMs > e.timeoutMs) {
    errors.add("connect_timeout_ms", "must not be longer than timeout_ms");
  }
  if (!e.url.empty()) {
    if (auto parsed = parseHttpUrl(e.url); !parsed) errors.append(parsed.error().fields);
  }
  return errors.list();
}

}  // namespace medoffice::domain::claims
