// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/crypto/sodium_security.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace medoffice::integrations {

namespace {

void initSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium could not be initialised");
}

std::string hex(const unsigned char* p, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

std::array<unsigned char, 32> derive(const MasterKey& key, std::uint64_t id, const char ctx[8]) {
  std::array<unsigned char, 32> out{};
  crypto_kdf_derive_from_key(out.data(), out.size(), id, ctx, key.bytes.data());
  return out;
}

}  // namespace

std::optional<MasterKey> parseKeyHex(const std::string& text) {
  initSodium();
  std::string h;
  for (char c : text) {
    if (c != '\n' && c != '\r' && c != ' ') h += c;
  }
  if (h.size() != 64) return std::nullopt;
  MasterKey k;
  std::size_t len = 0;
  if (sodium_hex2bin(k.bytes.data(), k.bytes.size(), h.data(), h.size(), nullptr, &len, nullptr) !=
          0 ||
      len != 32) {
    return std::nullopt;
  }
  return k;
}

std::optional<MasterKey> readKeyFile(const std::filesystem::path& path, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = "key file " + path.string() + " does not exist (medoffice init creates it)";
    return std::nullopt;
  }
  if ((st.st_mode & 077) != 0) {
    error = "key file " + path.string() + " is readable by others; run chmod 600 on it";
    return std::nullopt;
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto key = parseKeyHex(ss.str());
  if (!key) error = "key file " + path.string() + " does not hold 64 hex digits";
  return key;
}

bool createKeyFile(const std::filesystem::path& path, std::string& error) {
  initSodium();
  MasterKey k;
  randombytes_buf(k.bytes.data(), k.bytes.size());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = "cannot create key file " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  std::string text = hex(k.bytes.data(), k.bytes.size()) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  sodium_memzero(k.bytes.data(), k.bytes.size());
  if (!ok) error = "cannot write key file " + path.string();
  return ok;
}

SodiumPasswordHasher::SodiumPasswordHasher(unsigned long long opslimit, std::size_t memlimit)
    : ops_(opslimit), mem_(memlimit) {
  initSodium();
}

std::string SodiumPasswordHasher::hash(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), ops_, mem_) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool SodiumPasswordHasher::verify(const std::string& hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool SodiumPasswordHasher::needsRehash(const std::string& hash) {
  return crypto_pwhash_str_needs_rehash(hash.c_str(), ops_, mem_) != 0;
}

SodiumSecrets::SodiumSecrets(const MasterKey& key)
    : auditKey_(derive(key, 1, "mo-audit")),
      dataKey_(derive(key, 2, "mo-data_")),
      backupKey_(derive(key, 3, "mo-backp")) {
  initSodium();
  crypto_auth_hmacsha256_init(&auditKeyed_, auditKey_.data(), auditKey_.size());
}

std::string SodiumSecrets::auditMac(std::string_view data) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st = auditKeyed_;
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return hex(mac, sizeof mac);
}

std::string SodiumSecrets::sha256(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hex(h, sizeof h);
}

std::string SodiumSecrets::randomToken(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string SodiumSecrets::seal(std::string_view plain) {
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* p = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(p, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(p + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), p,
                        dataKey_.data());
  return hex(p, box.size());
}

std::optional<std::string> SodiumSecrets::open(std::string_view sealed) {
  std::string box(sealed.size() / 2, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(),
                     sealed.size(), nullptr, &len, nullptr) != 0 ||
      len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(box.data());
  std::string plain(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 p + crypto_secretbox_NONCEBYTES, len - crypto_secretbox_NONCEBYTES,
                                 p, dataKey_.data()) != 0) {
    return std::nullopt;
  }
  return plain;
}

bool SodiumSecrets::equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base32Encode(const unsigned char* data, std::size_t n) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> base32Decode(std::string_view s) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : s) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a';
    if (c >= '2' && c <= '7') v = c - '2' + 26;
    if (c == '=') break;
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

std::string OpenSslTotp::newSecret() {
  initSodium();
  unsigned char raw[20];
  randombytes_buf(raw, sizeof raw);
  return base32Encode(raw, sizeof raw);
}

std::string OpenSslTotp::code(const std::string& base32Secret, std::int64_t unixSeconds) {
  auto key = base32Decode(base32Secret);
  if (!key || key->empty()) return {};
  std::uint64_t counter = static_cast<std::uint64_t>(unixSeconds / 30);
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key->data(), static_cast<int>(key->size()), msg, sizeof msg, mac, &len);
  const int offset = mac[len - 1] & 0x0F;
  const std::uint32_t bin = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                            (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                            (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                            static_cast<std::uint32_t>(mac[offset + 3]);
  std::string digits = std::to_string(bin % 1000000);
  return std::string(6 - digits.size(), '0') + digits;
}

}  // namespace medoffice::integrations
