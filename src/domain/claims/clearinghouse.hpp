// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// A clearinghouse (or payer) the practice sends claims to: the identifiers it assigned us for
// the X12 envelope, and how files travel to it and back.

#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/result.hpp"

namespace medoffice::domain {

using ClearinghouseId = Id<struct ClearinghouseTag>;
using ClaimBatchId = Id<struct ClaimBatchTag>;

namespace claims {

/// How batches travel: folders on this server (another program or person moves them), or SFTP.
enum class TransportKind { kFileDrop, kSftp };
std::string_view toString(TransportKind k);  ///< "file_drop", "sftp"

struct Clearinghouse {
  ClearinghouseId id;
  OrganizationId organizationId;
  std::string name;
  std::string submitterId;  ///< ISA06 and 1000A NM109: who we are to the receiver
  std::string submitterQualifier = "ZZ";
  std::string receiverId;  ///< ISA08 and 1000B NM109
  std::string receiverQualifier = "ZZ";
  std::string receiverName;         ///< 1000B NM103
  std::string applicationSender;    ///< GS02; empty: the submitter id
  std::string applicationReceiver;  ///< GS03; empty: the receiver id
  bool production = false;          ///< ISA15 P; a test receiver must never get P files
  std::string contactName;          ///< 1000A PER
  std::string contactPhone;
  std::string contactEmail;
  TransportKind transport = TransportKind::kFileDrop;
  /// file_drop: local folders; sftp: remote paths (the archive is remote too).
  std::string outbox;
  std::string inbox;
  std::string archive;
  std::string sftpHost;
  int sftpPort = 22;
  std::string sftpUser;
  std::string sftpKeyFile;     ///< path of the private key on this server
  std::string sftpKnownHosts;  ///< path of the known_hosts file that must list the host
  bool active = true;
  RecordMeta meta;
};

/// Real-time eligibility (270/271) at a clearinghouse: where each 270 is POSTed over HTTP/1.1,
/// and the time box of one exchange. Kept beside the clearinghouse's claim settings; a
/// clearinghouse without it answers no real-time checks.
struct RealtimeEligibility {
  std::string url;              ///< "https://host[:port]/path" (or http://); empty: none
  int connectTimeoutMs = 3000;  ///< to open the connection (100-30000)
  int timeoutMs = 10000;        ///< the whole exchange, connection included (200-60000)
  RecordMeta meta;
};

/// Every problem with its field (`url`, `connect_timeout_ms`, `timeout_ms`): an empty URL or
/// one parseHttpUrl() takes; the timeouts in range, the connect timeout no longer than the whole.
std::vector<FieldError> validate(const RealtimeEligibility& e);

/// Where an https:// or http:// URL points.
struct HttpEndpoint {
  bool tls = false;          ///< https://: TLS 1.2 or later, the server's certificate verified
  std::string host;          ///< a name, an IPv4 address, or an IPv6 address without brackets
  int port = 80;             ///< 443 for https:// when none is given
  std::string target = "/";  ///< path and query, as given
};
/// The parts of `url`: `https://host[:port][/path][?query]` (or `http://`), at most 2000 bytes
/// of printable ASCII, without user information or fragment. Errors are kInvalid naming `url`
/// with the reason.
Result<HttpEndpoint> parseHttpUrl(std::string_view url);

/// Every problem with its field (`submitter_id`, `sftp_host`...): identifiers of 1-15 ISA
/// characters, qualifiers of two, GS codes of 2-15, folders absolute paths, SFTP settings
/// complete for an sftp transport, a port in 1-65535, the contact's phone or email present when
/// a contact name is given.
std::vector<FieldError> validate(const Clearinghouse& c);

}  // namespace claims
}  // namespace medoffice::domain
