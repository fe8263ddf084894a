#include "crawler/json_path.h"

#include "util/error.h"

namespace tradedig::crawler {

namespace {

struct Step {
  std::string key;      // "" for a pure index step
  bool all = false;     // [*]
  long index = -1;      // [N]
};

std::vector<Step> parse_path(std::string_view path) {
  std::vector<Step> steps;
  size_t i = 0;
  auto fail = [&](const char* what) {
    throw UserError("JSON path '" + std::string(path) + "': " + what);
  };
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      size_t end = path.find(']', i);
      if (end == std::string_view::npos) fail("unclosed '['");
      std::string_view inner = path.substr(i + 1, end - i - 1);
      Step s;
      if (inner.empty() || inner == "*") {
        s.all = true;
      } else {
        s.index = 0;
        for (char c : inner) {
          if (c < '0' || c > '9') fail("index must be a number or *");
          s.index = s.index * 10 + (c - '0');
        }
      }
      steps.push_back(s);
      i = end + 1;
      continue;
    }
    size_t end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    steps.push_back(Step{std::string(path.substr(i, end - i)), false, -1});
    i = end;
  }
  return steps;
}

void walk(const nlohmann::json& v, const std::vector<Step>& steps, size_t k, std::vector<const nlohmann::json*>& out) {
  if (k == steps.size()) {
    out.push_back(&v);
    return;
  }
  const Step& s = steps[k];
  if (!s.key.empty()) {
    if (!v.is_object()) return;
    auto it = v.find(s.key);
    if (it != v.end()) walk(*it, steps, k + 1, out);
    return;
  }
  if (!v.is_array()) return;
  if (s.all) {
    for (const auto& e : v) walk(e, steps, k + 1, out);
  } else if (s.index >= 0 && static_cast<size_t>(s.index) < v.size()) {
    walk(v[static_cast<size_t>(s.index)], steps, k + 1, out);
  }
}

}  // namespace

std::vector<const nlohmann::json*> json_select(const nlohmann::json& root, std::string_view path) {
  std::vector<const nlohmann::json*> out;
  walk(root, parse_path(path), 0, out);
  return out;
}

std::optional<std::string> json_text(const nlohmann::json& root, std::string_view path) {
  auto all = json_select(root, path);
  if (all.empty()) return std::nullopt;
  const nlohmann::json& v = *all.front();
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  return std::nullopt;
}

bool json_truthy(const nlohmann::json& root, std::string_view path) {
  auto all = json_select(root, path);
  if (all.empty()) return false;
  const nlohmann::json& v = *all.front();
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) {
    auto s = v.get<std::string>();
    return s == "true" || s == "1" || s == "y" || s == "Y";
  }
  return false;
}

std::optional<nlohmann::json> embedded_json(std::string_view text, std::string_view name) {
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    size_t i = at + name.size();
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) ++i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    if (i >= text.size() || (text[i] != '=' && text[i] != ':')) continue;
    ++i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    if (i >= text.size() || text[i] != '{') continue;
    // Balanced braces, skipping string contents, find the object's end.
    int depth = 0;
    bool in_str = false;
    char quote = 0;
    for (size_t j = i; j < text.size(); ++j) {
      char c = text[j];
      if (in_str) {
        if (c == '\\') ++j;
        else if (c == quote) in_str = false;
        continue;
      }
      if (c == '"' || c == '\'') {
        in_str = true;
        quote = c;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}' && --depth == 0) {
        auto parsed = nlohmann::json::parse(text.substr(i, j - i + 1), nullptr, false);
        if (!parsed.is_discarded()) return parsed;
        break;
      }
    }
  }
  return std::nullopt;
}

}  // namespace tradedig::crawler
