#include "crawler/url_parts.h"

#include "util/parse.h"

namespace tradedig::crawler {

std::optional<UrlParts> parse_url(std::string_view url) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  std::string scheme = to_lower_ascii(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  if (authority.empty()) return std::nullopt;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  UrlParts p;
  p.host_key = scheme + "://" + to_lower_ascii(authority);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (size_t frag = path.find('#'); frag != std::string_view::npos) path = path.substr(0, frag);
  p.path_and_query = path.empty() || path[0] != '/' ? "/" + std::string(path) : std::string(path);
  return p;
}

std::string url_escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace tradedig::crawler
