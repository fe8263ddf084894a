#include "crawler/extract_text.h"

#include <regex>

#include "util/error.h"
#include "util/parse.h"

namespace tradedig::crawler {

std::string regex_capture(std::string_view text, const std::string& pattern) {
  std::regex re;
  try {
    re = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw UserError("bad pattern '" + pattern + "': " + e.what());
  }
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(text.begin(), text.end(), m, re)) return {};
  return m.size() > 1 && m[1].matched ? m[1].str() : m[0].str();
}

std::optional<int> regex_int(std::string_view text, const std::string& pattern, int lo, int hi) {
  std::string s = regex_capture(text, pattern);
  auto v = parse_int(s);
  if (!v || *v < lo || *v > hi) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<int> year_of_iso(std::string_view iso) { return parse_year(iso.substr(0, 4)); }

std::string absolute_url(std::string url) {
  if (url.rfind("//", 0) == 0) return "https:" + url;
  return url;
}

std::string join_badges(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += ',';
    out += p;
  }
  return out;
}

MembershipFact membership_from_link(HtmlNode link, const std::string& id_pattern) {
  MembershipFact m;
  m.entity_name = attribute(link, "title").value_or(node_text(link));
  m.entity_url = absolute_url(attribute(link, "href").value_or(""));
  m.entity_id = regex_capture(m.entity_url, id_pattern);
  return m;
}

}  // namespace tradedig::crawler
