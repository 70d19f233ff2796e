// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <array>
#include <filesystem>

namespace medoffice::integrations {

/// Encrypted backup files: libsodium secretstream (XChaCha20-Poly1305) in 64 KiB chunks under
/// the backup key derived from the server key. Every chunk is authenticated and the last one is
/// tagged, so an edited, truncated or extended file is refused. Layout:
/// `MEDOFFICE-BACKUP-1\n`, the 24-byte stream header, then per chunk a 4-byte big-endian length
/// and the ciphertext.
/// Both functions write `out` through `out.partial` (mode 0600) and rename it when complete;
/// they throw std::runtime_error with a one-line reason and leave no partial file behind.
void encryptFile(const std::filesystem::path& in, const std::filesystem::path& out,
                 const std::array<unsigned char, 32>& key);
void decryptFile(const std::filesystem::path& in, const std::filesystem::path& out,
                 const std::array<unsigned char, 32>& key);

}  // namespace medoffice::integrations
