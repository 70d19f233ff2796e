// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/cursor.hpp"

#include <array>

namespace medoffice::storage {
namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kSep = '\x1f';
}  // namespace

std::string base64UrlEncode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
  } else if (i + 2 == in.size()) {
    unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64UrlDecode(std::string_view in) {
  static const std::array<int, 256> kRev = [] {
    std::array<int, 256> r{};
    r.fill(-1);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i)
      r[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    return r;
  }();
  if (in.size() % 4 == 1 || in.size() > 4096) return std::nullopt;
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = kRev[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string encodeCursor(std::string_view kind, const std::vector<std::string>& key) {
  std::string raw(kind);
  for (const auto& k : key) {
    raw.push_back(kSep);
    raw += k;
  }
  return base64UrlEncode(raw);
}

std::optional<std::vector<std::string>> decodeCursor(std::string_view kind, std::string_view cursor,
                                                     std::size_t parts) {
  auto raw = base64UrlDecode(cursor);
  if (!raw) return std::nullopt;
  std::vector<std::string> out;
  std::size_t start = 0;
  bool first = true;
  while (true) {
    auto end = raw->find(kSep, start);
    std::string piece =
        raw->substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (first) {
      if (piece != kind) return std::nullopt;
      first = false;
    } else {
      out.push_back(std::move(piece));
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (out.size() != parts) return std::nullopt;
  return out;
}

}  // namespace medoffice::storage
