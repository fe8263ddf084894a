// ICP filings: the MIIT queryByCondition response (SOURCES.md §1.4) from a user-configured
// endpoint, or licence numbers in a firm's homepage footer.
#include <nlohmann/json.hpp>

#include "crawler/extract.h"
#include "util/icp_licence.h"
#include "crawler/json_path.h"
#include "crawler/url_parts.h"

namespace tradedig::crawler {

namespace {

Extraction from_api(const ExtractRules& rules, const nlohmann::json& j) {
  Extraction ex;
  auto list = json_select(j, rules.get("records", "params.list[*]"));
  for (const nlohmann::json* r : list) {
    IcpFact f;
    f.entity_name = json_text(*r, rules.get("unit", "unitName")).value_or("");
    f.nature = json_text(*r, rules.get("nature", "natureName")).value_or("");
    f.licence = json_text(*r, rules.get("main_licence", "mainLicence")).value_or("");
    f.service_licence = json_text(*r, rules.get("service_licence", "serviceLicence")).value_or("");
    f.domain = json_text(*r, rules.get("domain", "domain")).value_or("");
    // updateRecordTime is the LATEST approval; first_seen is kept by the store across crawls.
    f.approved_at = json_text(*r, rules.get("approved", "updateRecordTime")).value_or("");
    f.licence_year = icp_licence_year(f.licence.empty() ? f.service_licence : f.licence);
    if (f.licence.empty() && f.service_licence.empty()) {
      ex.notes.push_back("skipped record without a licence number");
      continue;
    }
    ex.icp.push_back(std::move(f));
  }
  if (!ex.icp.empty()) {
    ex.verdict = PageVerdict::kFound;
  } else if (!list.empty() || json_text(j, rules.get("total", "params.total")).value_or("") == "0" ||
             !json_select(j, rules.get("list", "params.list")).empty()) {
    ex.verdict = PageVerdict::kNotFound;
  } else {
    ex.notes.push_back("JSON without params.list");
  }
  return ex;
}

// "https://www.firm.cn:8080" -> "www.firm.cn".
std::string host_of(const std::string& url) {
  auto parts = parse_url(url);
  if (!parts) return {};
  std::string h = parts->host_key.substr(parts->host_key.find("://") + 3);
  return h.substr(0, h.find(':'));
}

Extraction from_homepage(const StoredPage& page, const std::string& text) {
  Extraction ex;
  std::string seen;
  for (const IcpLicence& l : find_icp_licences(text)) {
    if (seen.find("|" + l.text + "|") != std::string::npos) continue;
    seen += "|" + l.text + "|";
    IcpFact f;
    f.licence = l.main_licence;
    f.service_licence = l.site ? l.text : "";
    f.licence_year = l.year;
    f.domain = host_of(page.final_url.empty() ? page.url : page.final_url);
    ex.icp.push_back(std::move(f));
  }
  ex.verdict = ex.icp.empty() ? PageVerdict::kNotFound : PageVerdict::kFound;
  return ex;
}

}  // namespace

Extraction extract_icp(const ExtractRules& rules, const StoredPage& page) {
  std::string text = page_text(page);
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_discarded()) return from_api(rules, j);
  }
  return from_homepage(page, text);
}

}  // namespace tradedig::crawler
