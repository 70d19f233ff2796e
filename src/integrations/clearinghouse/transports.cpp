// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/clearinghouse/transports.hpp"

#include "integrations/clearinghouse/file_drop_transport.hpp"
#include "integrations/clearinghouse/sftp_transport.hpp"

namespace medoffice::integrations {

domain::Result<std::unique_ptr<app::ClearinghouseTransport>> SettingsTransports::open(
    const domain::claims::Clearinghouse& s) {
  if (s.transport == domain::claims::TransportKind::kSftp) {
    SftpOptions o;
    o.host = s.sftpHost;
    o.port = s.sftpPort;
    o.user = s.sftpUser;
    o.privateKey = s.sftpKeyFile;
    o.knownHosts = s.sftpKnownHosts;
    o.outboundDir = s.outbox;
    o.inboundDir = s.inbox;
    o.archiveDir = s.archive;
    auto t = SftpTransport::create(std::move(o));
    if (!t.ok()) return t.error();
    return std::unique_ptr<app::ClearinghouseTransport>(std::move(*t));
  }
  FileDropOptions o;
  o.outbox = s.outbox;
  o.inbox = s.inbox;
  o.archive = s.archive;
  auto t = FileDropTransport::open(o);
  if (!t.ok()) return t.error();
  return std::unique_ptr<app::ClearinghouseTransport>(std::move(*t));
}

}  // namespace medoffice::integrations
