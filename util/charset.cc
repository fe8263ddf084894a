#include "util/charset.h"

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "util/error.h"

namespace tradedig {

bool is_valid_utf8(std::string_view bytes, bool allow_truncated_tail) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    // Fast path over ASCII, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    uint8_t c = s[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) {
      if (!allow_truncated_tail) return false;
      for (size_t k = i + 1; k < n; ++k)
        if ((s[k] & 0xC0) != 0x80) return false;
      return true;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::string canonical_encoding(std::string_view name) {
  std::string n;
  for (char c : name)
    if (c != '-' && c != '_' && c != ' ') n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n.empty() || n == "auto") return "auto";
  if (n == "utf8" || n == "utf8bom" || n == "utf8sig") return "utf-8";
  // GB18030 is a strict superset of GBK and GB2312; decoding with it accepts all three.
  if (n == "gbk" || n == "gb2312" || n == "gb18030" || n == "cp936" || n == "euccn") return "gb18030";
  if (n == "big5" || n == "cp950") return "big5";
  throw UserError(fmt::format("unknown encoding '{}': use utf-8, gbk, gb18030, big5 or auto", name));
}

std::string detect_encoding(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF") || is_valid_utf8(head, true)) return "utf-8";
  try {
    Utf8Converter conv("gb18030");
    std::string out;
    conv.convert(head, false, out);
    return "gb18030";
  } catch (const UserError&) {
    throw UserError("the file is neither UTF-8 nor GBK/GB18030; pass --encoding with its charset");
  }
}

struct Utf8Converter::Impl {
  UConverter* cnv = nullptr;
  std::string charset;
  size_t consumed = 0;  // bytes fed so far, for error offsets
  std::vector<UChar> u16;
};

Utf8Converter::Utf8Converter(const std::string& charset) : impl_(std::make_unique<Impl>()) {
  UErrorCode err = U_ZERO_ERROR;
  impl_->charset = charset;
  impl_->cnv = ucnv_open(charset.c_str(), &err);
  if (U_FAILURE(err)) throw UserError(fmt::format("unknown character set '{}'", charset));
  // Stop on illegal or unmappable bytes instead of substituting U+FFFD silently.
  ucnv_setToUCallBack(impl_->cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
}

Utf8Converter::~Utf8Converter() {
  if (impl_ && impl_->cnv) ucnv_close(impl_->cnv);
}

void Utf8Converter::convert(std::string_view chunk, bool last, std::string& out) {
  auto& u16 = impl_->u16;
  u16.resize(chunk.size() * 2 + 16);
  const char* src = chunk.data();
  const char* src_end = src + chunk.size();
  UChar* dst = u16.data();
  UErrorCode err = U_ZERO_ERROR;
  ucnv_toUnicode(impl_->cnv, &dst, u16.data() + u16.size(), &src, src_end, nullptr, last, &err);
  if (U_FAILURE(err)) {
    size_t at = impl_->consumed + static_cast<size_t>(src - chunk.data());
    throw UserError(fmt::format("byte {} is not valid {} text; check --encoding", at, impl_->charset));
  }
  impl_->consumed += chunk.size();
  // UTF-16 -> UTF-8 by hand: ICU's u_strToUTF8 needs a second pass for sizing.
  const UChar* p = u16.data();
  const UChar* e = dst;
  out.reserve(out.size() + static_cast<size_t>(e - p) * 3);
  while (p < e) {
    uint32_t cp = *p++;
    if (cp >= 0xD800 && cp <= 0xDBFF && p < e && *p >= 0xDC00 && *p <= 0xDFFF)
      cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(*p++) - 0xDC00);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
}

std::string to_utf8(std::string_view bytes, const std::string& charset) {
  std::string out;
  if (canonical_encoding(charset) == "utf-8") {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    out.assign(bytes);
    return out;
  }
  Utf8Converter conv(charset);
  conv.convert(bytes, true, out);
  return out;
}

}  // namespace tradedig
