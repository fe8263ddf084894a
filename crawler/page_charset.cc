#include "crawler/page_charset.h"

#include <unicode/ucnv.h>

#include <cctype>

#include "util/charset.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::crawler {

namespace {

// The charset named after "charset=" in `s` (header value or meta tag), canonicalised; "" if none
// or unknown.
std::string charset_param(std::string_view s) {
  std::string low = to_lower_ascii(s);
  size_t at = low.find("charset");
  if (at == std::string::npos) return {};
  size_t i = at + 7;
  while (i < low.size() && (low[i] == ' ' || low[i] == '=' || low[i] == '"' || low[i] == '\'')) ++i;
  size_t j = i;
  while (j < low.size() && (std::isalnum(static_cast<unsigned char>(low[j])) || low[j] == '-' || low[j] == '_')) ++j;
  try {
    std::string c = canonical_encoding(low.substr(i, j - i));
    return c == "auto" ? std::string() : c;
  } catch (const UserError&) {
    return {};
  }
}

// Lenient conversion: ICU's default callback substitutes undecodable bytes.
std::string convert(std::string_view bytes, const char* to, const char* from) {
  if (bytes.empty()) return {};
  UErrorCode err = U_ZERO_ERROR;
  std::string out(bytes.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(to, from, out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                           static_cast<int32_t>(bytes.size()), &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    err = U_ZERO_ERROR;
    out.assign(static_cast<size_t>(n) + 1, '\0');
    n = ucnv_convert(to, from, out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                     static_cast<int32_t>(bytes.size()), &err);
  }
  if (U_FAILURE(err)) return std::string(bytes);
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace

std::string page_charset(std::string_view content_type, std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) return "utf-8";
  std::string head_cs = charset_param(content_type);
  if (!head_cs.empty() && (head_cs != "utf-8" || is_valid_utf8(body))) return head_cs;
  std::string_view head = body.substr(0, 4096);
  std::string low = to_lower_ascii(head);
  for (size_t at = low.find("<meta"); at != std::string::npos; at = low.find("<meta", at + 5)) {
    size_t end = low.find('>', at);
    std::string meta_cs = charset_param(std::string_view(low).substr(at, end == std::string::npos ? std::string::npos : end - at));
    if (!meta_cs.empty() && (meta_cs != "utf-8" || is_valid_utf8(body))) return meta_cs;
  }
  if (is_valid_utf8(body)) return "utf-8";
  try {
    return detect_encoding(head);
  } catch (const UserError&) {
    return "utf-8";
  }
}

std::string page_text_utf8(std::string_view content_type, std::string_view body) {
  std::string cs = page_charset(content_type, body);
  if (cs == "utf-8") {
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    if (is_valid_utf8(body)) return std::string(body);
    return convert(body, "UTF-8", "UTF-8");  // replaces the broken sequences
  }
  return convert(body, "UTF-8", cs == "big5" ? "Big5" : "GB18030");
}

std::string utf8_to_gbk(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open("GBK", &err);
  if (U_FAILURE(err)) throw UserError("ICU has no GBK converter");
  ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  UConverter* src = ucnv_open("UTF-8", &err);
  std::string out(utf8.size() * 2 + 8, '\0');
  char* target = out.data();
  const char* source = utf8.data();
  ucnv_convertEx(cnv, src, &target, out.data() + out.size(), &source, utf8.data() + utf8.size(), nullptr, nullptr,
                 nullptr, nullptr, true, true, &err);
  ucnv_close(src);
  ucnv_close(cnv);
  if (U_FAILURE(err)) throw UserError("'" + std::string(utf8) + "' has a character with no GBK form");
  out.resize(static_cast<size_t>(target - out.data()));
  return out;
}

}  // namespace tradedig::crawler
