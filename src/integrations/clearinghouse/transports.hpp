// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/clearinghouse.hpp"

namespace medoffice::integrations {

/// Makes a FileDropTransport or an SftpTransport from a clearinghouse's settings.
class SettingsTransports final : public app::ClearinghouseTransports {
 public:
  domain::Result<std::unique_ptr<app::ClearinghouseTransport>> open(
      const domain::claims::Clearinghouse& settings) override;
};

}  // namespace medoffice::integrations
