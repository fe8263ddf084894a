// Character sets: detect and convert text to UTF-8 (ICU converters).
//
// Chinese firm lists and customs extracts arrive as UTF-8 (often with a BOM) or GBK/GB18030;
// recorded pages can also be Big5. Everything inside tradedig is UTF-8.
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace tradedig {

// True when `bytes` is well-formed UTF-8. With `allow_truncated_tail`, an incomplete multi-byte
// sequence at the very end is accepted (the caller is looking at a prefix of a longer file).
bool is_valid_utf8(std::string_view bytes, bool allow_truncated_tail = false);

// Canonical name of a user-given encoding: "utf-8", "gb18030" (also for "gbk"/"gb2312", its subsets),
// "big5", or "auto". Throws UserError for anything else.
std::string canonical_encoding(std::string_view name);

// Decides the encoding of a file from its first bytes: "utf-8" when they are valid UTF-8
// (a BOM counts), otherwise "gb18030" when they decode as GB18030 without error.
// Throws UserError when neither fits.
std::string detect_encoding(std::string_view head);

// Streaming converter from a legacy charset to UTF-8. Feed chunks in file order; a multi-byte
// character split across chunks is carried over. Throws UserError on bytes that are not valid in
// the charset, naming the byte offset.
class Utf8Converter {
 public:
  explicit Utf8Converter(const std::string& charset);  // throws UserError for unknown charsets
  ~Utf8Converter();
  Utf8Converter(const Utf8Converter&) = delete;
  Utf8Converter& operator=(const Utf8Converter&) = delete;

  // Appends the UTF-8 form of `chunk` to `out`. `last` flushes any pending partial character.
  void convert(std::string_view chunk, bool last, std::string& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Converts a whole buffer (e.g. a page body) from `charset` to UTF-8.
std::string to_utf8(std::string_view bytes, const std::string& charset);

}  // namespace tradedig
