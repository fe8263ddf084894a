#include "crawler/classify.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace tradedig::crawler {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kOk: return "ok";
    case Outcome::kNotFound: return "not_found";
    case Outcome::kBlocked: return "blocked";
    case Outcome::kError: return "error";
  }
  return "error";
}

ClassificationRules default_block_rules() {
  ClassificationRules r;
  r.blocked_statuses = {403, 429};
  r.not_found_statuses = {404, 410};
  // SOURCES.md §3: the Alibaba-group punish stack and the login walls it redirects to.
  r.blocked_url_markers = {"_____tmd_____", "/punish", "login.1688.com", "login.taobao.com",
                           "passport.alibaba.com"};
  r.blocked_body_markers = {"x5secdata", "baxia-dialog", "nocaptcha", "nc_1_wrapper", "unusual traffic",
                            "slide to verify", "Captcha Interception", "punish-page",
                            "bixi.alicdn.com/punish/", "请在此登录", "当前访问疑似黑客攻击", "请求过于频繁",
                            "哎哟喂,被挤爆啦"};
  r.json_error_fields = {"errorCode"};
  return r;
}

namespace {

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

bool any_marker(const std::vector<std::string>& markers, const std::string& text) {
  for (const auto& m : markers)
    if (!m.empty() && text.find(m) != std::string::npos) return true;
  return false;
}

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return v.dump();
}

// True when a JSON body reports failure in one of the ways the rules name.
bool json_says_blocked(const ClassificationRules& rules, const FetchResult& r) {
  size_t first = r.body.find_first_not_of(" \t\r\n");
  bool looks_json = r.header("content-type").find("json") != std::string::npos ||
                    (first != std::string::npos && r.body[first] == '{');
  if (!looks_json) return false;
  auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  if (rules.json_success_false_is_blocked && j.contains("success") && j["success"].is_boolean() &&
      !j["success"].get<bool>())
    return true;
  for (const auto& f : rules.json_error_fields) {
    if (!j.contains(f)) continue;
    const auto& v = j[f];
    if (!v.is_null() && !(v.is_string() && v.get<std::string>().empty())) return true;
  }
  if (!rules.json_code_field.empty() && j.contains(rules.json_code_field)) {
    std::string code = scalar_text(j[rules.json_code_field]);
    if (std::find(rules.json_ok_codes.begin(), rules.json_ok_codes.end(), code) == rules.json_ok_codes.end())
      return true;
  }
  return false;
}

}  // namespace

Outcome classify(const ClassificationRules& rules, const FetchResult& r) {
  if (r.curl_code != 0 || r.status == 0) return Outcome::kError;
  // Redirects to a punish or login page are blocks whatever the final status says.
  if (any_marker(rules.blocked_url_markers, r.final_url)) return Outcome::kBlocked;
  if (contains(rules.blocked_statuses, r.status)) return Outcome::kBlocked;
  if ((r.status == 521 || r.status == 503) && !rules.challenge_header.empty() &&
      !r.header(rules.challenge_header).empty())
    return Outcome::kBlocked;
  if (r.status == 304) return Outcome::kOk;
  if (contains(rules.not_found_statuses, r.status)) return Outcome::kNotFound;
  if (r.status >= 200 && r.status < 300) {
    if (any_marker(rules.blocked_body_markers, r.body)) return Outcome::kBlocked;
    if (json_says_blocked(rules, r)) return Outcome::kBlocked;
    if (any_marker(rules.not_found_body_markers, r.body)) return Outcome::kNotFound;
    return Outcome::kOk;
  }
  if (any_marker(rules.blocked_body_markers, r.body)) return Outcome::kBlocked;
  return Outcome::kError;
}

}  // namespace tradedig::crawler
