// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/crypto/backup_crypto.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace medoffice::integrations {

namespace {

constexpr std::string_view kMagic = "MEDOFFICE-BACKUP-1\n";
constexpr std::size_t kChunk = 64 * 1024;

struct File {
  std::FILE* f = nullptr;
  ~File() {
    if (f != nullptr) std::fclose(f);
  }
};

std::FILE* openPrivate(const std::filesystem::path& p) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + p.string() + ": " + std::strerror(errno));
  std::FILE* f = ::fdopen(fd, "wb");
  if (f == nullptr) {
    ::close(fd);
    throw std::runtime_error("cannot create " + p.string());
  }
  return f;
}

void writeAll(std::FILE* f, const void* p, std::size_t n, const std::filesystem::path& name) {
  if (std::fwrite(p, 1, n, f) != n) throw std::runtime_error("cannot write " + name.string());
}

bool readAll(std::FILE* f, void* p, std::size_t n) {
  return std::fread(p, 1, n, f) == n;
}

void finish(File& out, const std::filesystem::path& tmp, const std::filesystem::path& dest) {
  if (std::fflush(out.f) != 0 || ::fsync(::fileno(out.f)) != 0) {
    throw std::runtime_error("cannot write " + dest.string());
  }
  std::fclose(out.f);
  out.f = nullptr;
  std::filesystem::rename(tmp, dest);
}

template <class F>
void guarded(const std::filesystem::path& tmp, F&& f) {
  try {
    f();
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

}  // namespace

void encryptFile(const std::filesystem::path& in, const std::filesystem::path& dest,
                 const std::array<unsigned char, 32>& key) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  const auto tmp = std::filesystem::path(dest.string() + ".partial");
  guarded(tmp, [&] {
    File src{std::fopen(in.c_str(), "rb")};
    if (src.f == nullptr) throw std::runtime_error("cannot read " + in.string());
    File out{openPrivate(tmp)};
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&st, header, key.data());
    writeAll(out.f, kMagic.data(), kMagic.size(), dest);
    writeAll(out.f, header, sizeof header, dest);
    std::vector<unsigned char> plain(kChunk);
    std::vector<unsigned char> cipher(kChunk + crypto_secretstream_xchacha20poly1305_ABYTES);
    for (;;) {
      std::size_t n = std::fread(plain.data(), 1, plain.size(), src.f);
      if (std::ferror(src.f)) throw std::runtime_error("cannot read " + in.string());
      const bool last = std::feof(src.f) != 0;
      unsigned long long clen = 0;
      crypto_secretstream_xchacha20poly1305_push(
          &st, cipher.data(), &clen, plain.data(), n, nullptr, 0,
          last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
      const unsigned char len[4] = {
          static_cast<unsigned char>(clen >> 24), static_cast<unsigned char>(clen >> 16),
          static_cast<unsigned char>(clen >> 8), static_cast<unsigned char>(clen)};
      writeAll(out.f, len, 4, dest);
      writeAll(out.f, cipher.data(), clen, dest);
      if (last) break;
    }
    sodium_memzero(plain.data(), plain.size());
    finish(out, tmp, dest);
  });
}

void decryptFile(const std::filesystem::path& in, const std::filesystem::path& dest,
                 const std::array<unsigned char, 32>& key) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  const auto tmp = std::filesystem::path(dest.string() + ".partial");
  const std::string bad = in.string() + " is not a MedOffice backup made with this server key";
  guarded(tmp, [&] {
    File src{std::fopen(in.c_str(), "rb")};
    if (src.f == nullptr) throw std::runtime_error("cannot read " + in.string());
    std::string magic(kMagic.size(), '\0');
    if (!readAll(src.f, magic.data(), magic.size()) || magic != kMagic) {
      throw std::runtime_error(in.string() + " is not a MedOffice encrypted backup");
    }
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    if (!readAll(src.f, header, sizeof header) ||
        crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key.data()) != 0) {
      throw std::runtime_error(bad);
    }
    File out{openPrivate(tmp)};
    std::vector<unsigned char> cipher(kChunk + crypto_secretstream_xchacha20poly1305_ABYTES);
    std::vector<unsigned char> plain(kChunk);
    for (;;) {
      unsigned char len[4];
      if (!readAll(src.f, len, 4)) throw std::runtime_error(in.string() + " is truncated");
      const std::size_t clen = (std::size_t{len[0]} << 24) | (std::size_t{len[1]} << 16) |
                               (std::size_t{len[2]} << 8) | std::size_t{len[3]};
      if (clen < crypto_secretstream_xchacha20poly1305_ABYTES || clen > cipher.size()) {
        throw std::runtime_error(bad);
      }
      if (!readAll(src.f, cipher.data(), clen)) {
        throw std::runtime_error(in.string() + " is truncated");
      }
      unsigned long long plen = 0;
      unsigned char tag = 0;
      if (crypto_secretstream_xchacha20poly1305_pull(&st, plain.data(), &plen, &tag, cipher.data(),
                                                     clen, nullptr, 0) != 0) {
        throw std::runtime_error(bad);
      }
      writeAll(out.f, plain.data(), plen, dest);
      if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
    }
    if (std::fgetc(src.f) != EOF) throw std::runtime_error(in.string() + " has data after its end");
    finish(out, tmp, dest);
  });
}

}  // namespace medoffice::integrations
