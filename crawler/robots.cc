#include "crawler/robots.h"

#include <cctype>

#include "util/parse.h"

namespace tradedig::crawler {

std::string product_token(std::string_view user_agent) {
  size_t end = 0;
  while (end < user_agent.size() &&
         (std::isalnum(static_cast<unsigned char>(user_agent[end])) || user_agent[end] == '-' ||
          user_agent[end] == '_'))
    ++end;
  return to_lower_ascii(user_agent.substr(0, end));
}

RobotsRules RobotsRules::allow_all() { return RobotsRules(); }

RobotsRules RobotsRules::disallow_all() {
  RobotsRules r;
  r.rules_.push_back({false, "/"});
  return r;
}

namespace {

struct Group {
  std::vector<std::string> agents;
  std::vector<std::pair<bool, std::string>> rules;
  std::optional<double> crawl_delay;
};

// Whether `pat` ('*' wildcards, optional trailing '$') matches a prefix of `s` (all of it with '$').
bool pattern_matches(std::string_view pat, std::string_view s) {
  bool anchored = !pat.empty() && pat.back() == '$';
  if (anchored) pat.remove_suffix(1);
  size_t p = 0, i = 0, star_p = std::string_view::npos, star_i = 0;
  while (true) {
    if (p == pat.size()) {
      if (!anchored || i == s.size()) return true;
    } else if (pat[p] == '*') {
      star_p = p++;
      star_i = i;
      continue;
    } else if (i < s.size() && pat[p] == s[i]) {
      ++p;
      ++i;
      continue;
    }
    // Mismatch (or anchored end not reached): let the last '*' swallow one more character.
    if (star_p == std::string_view::npos || star_i >= s.size()) return false;
    p = star_p + 1;
    i = ++star_i;
  }
}

}  // namespace

RobotsRules RobotsRules::parse(std::string_view text, std::string_view agent) {
  std::vector<Group> groups;
  bool last_was_agent = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = to_lower_ascii(trim(line.substr(0, colon)));
    std::string value(trim(line.substr(colon + 1)));
    if (key == "user-agent") {
      if (!last_was_agent || groups.empty()) groups.emplace_back();
      groups.back().agents.push_back(to_lower_ascii(value));
      last_was_agent = true;
      continue;
    }
    last_was_agent = false;
    if (groups.empty()) continue;  // rules before any user-agent line belong to no group
    if (key == "allow" || key == "disallow") {
      if (!value.empty()) groups.back().rules.emplace_back(key == "allow", value);
    } else if (key == "crawl-delay") {
      if (auto d = parse_double(value); d && *d >= 0) groups.back().crawl_delay = *d;
    }
  }
  const std::string me = to_lower_ascii(agent);
  RobotsRules out;
  bool matched = false;
  for (int pass = 0; pass < 2 && !matched; ++pass) {
    for (const auto& g : groups) {
      bool hit = false;
      for (const auto& a : g.agents) hit = hit || (pass == 0 ? (!me.empty() && a == me) : a == "*");
      if (!hit) continue;
      matched = true;
      for (const auto& [allow, pat] : g.rules) out.rules_.push_back({allow, pat});
      if (g.crawl_delay) out.crawl_delay_ = std::max(out.crawl_delay_.value_or(0), *g.crawl_delay);
    }
  }
  return out;
}

bool RobotsRules::allowed(std::string_view path_and_query) const {
  if (path_and_query == "/robots.txt") return true;
  const Rule* best = nullptr;
  for (const auto& r : rules_) {
    if (!pattern_matches(r.pattern, path_and_query)) continue;
    if (!best || r.pattern.size() > best->pattern.size() ||
        (r.pattern.size() == best->pattern.size() && r.allow && !best->allow))
      best = &r;
  }
  return !best || best->allow;
}

}  // namespace tradedig::crawler
