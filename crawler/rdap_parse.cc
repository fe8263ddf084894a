#include "crawler/rdap_parse.h"

#include <nlohmann/json.hpp>

#include "util/parse.h"

namespace tradedig::crawler {

namespace {

// The vCard "fn" of an entity: ["vcard", [["version",{},"text","4.0"], ["fn",{},"text","Name"], ...]].
std::string vcard_fn(const nlohmann::json& entity) {
  auto it = entity.find("vcardArray");
  if (it == entity.end() || !it->is_array() || it->size() < 2 || !(*it)[1].is_array()) return {};
  for (const auto& prop : (*it)[1])
    if (prop.is_array() && prop.size() >= 4 && prop[0] == "fn" && prop[3].is_string()) return prop[3].get<std::string>();
  return {};
}

bool has_role(const nlohmann::json& entity, const char* role) {
  auto it = entity.find("roles");
  if (it == entity.end() || !it->is_array()) return false;
  for (const auto& r : *it)
    if (r == role) return true;
  return false;
}

}  // namespace

const char* rdap_outcome_name(RdapOutcome o) {
  switch (o) {
    case RdapOutcome::kRegistered: return "registered";
    case RdapOutcome::kNotFound: return "not_found";
    case RdapOutcome::kRateLimited: return "rate_limited";
    case RdapOutcome::kError: return "error";
  }
  return "error";
}

RdapRecord parse_rdap(std::string_view body, int http_status) {
  RdapRecord rec;
  if (http_status == 429) {
    rec.outcome = RdapOutcome::kRateLimited;
    return rec;
  }
  if (http_status == 404 && trim(body).empty()) {
    rec.outcome = RdapOutcome::kNotFound;
    return rec;
  }
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    rec.error = "not a JSON object";
    if (http_status == 404) rec.outcome = RdapOutcome::kNotFound;
    return rec;
  }
  if (auto ec = j.find("errorCode"); ec != j.end()) {
    int code = ec->is_number() ? ec->get<int>() : ec->is_string() ? static_cast<int>(parse_int(ec->get<std::string>()).value_or(0)) : 0;
    if (code == 404) rec.outcome = RdapOutcome::kNotFound;
    else if (code == 429) rec.outcome = RdapOutcome::kRateLimited;
    else rec.error = "errorCode " + std::to_string(code) + " " + j.value("title", "");
    return rec;
  }
  if (http_status == 404) {
    rec.outcome = RdapOutcome::kNotFound;
    return rec;
  }
  rec.domain = to_lower_ascii(j.value("ldhName", ""));
  if (auto ev = j.find("events"); ev != j.end() && ev->is_array()) {
    for (const auto& e : *ev) {
      if (!e.is_object() || e.value("eventAction", "") != "registration") continue;
      // RDAP dates are RFC 3339 with a zone ("Z" or "+00:00"), so no default zone is needed.
      rec.created = parse_registration_time(e.value("eventDate", ""));
      break;
    }
  }
  if (auto en = j.find("entities"); en != j.end() && en->is_array())
    for (const auto& e : *en)
      if (e.is_object() && has_role(e, "registrar")) {
        rec.registrar = vcard_fn(e);
        break;
      }
  if (rec.domain.empty() && !rec.created) {
    rec.error = "no ldhName and no registration event";
    return rec;
  }
  rec.outcome = RdapOutcome::kRegistered;
  return rec;
}

}  // namespace tradedig::crawler
