// alibaba.com: the supplierTextSearch JSON API first (SOURCES.md §1.1 A), the HTML search page and
// product pages' embedded globalData.seller as fallbacks (§1.1 B, D).
#include <nlohmann/json.hpp>

#include "crawler/css_select.h"
#include "crawler/extract.h"
#include "crawler/extract_text.h"
#include "crawler/json_path.h"

namespace tradedig::crawler {

namespace {

// goldYears "N yrs" counts started years, so the start year is observation year - N (±1).
const char* kYearsPattern = R"((\d+)\s*(?:yrs?|years?|YRS|YEARS?))";

Extraction from_api(const ExtractRules& rules, const nlohmann::json& j) {
  Extraction ex;
  auto offers = json_select(j, rules.get("offers", "model.offers[*]"));
  const std::string years_pat = rules.get("years_pattern", kYearsPattern);
  for (const nlohmann::json* o : offers) {
    if (json_truthy(*o, rules.get("ad_flag", "newAd")) ||
        json_text(*o, rules.get("ad_text", "adInfo.creativeInfo.tpText")).value_or("").find("sponsor") !=
            std::string::npos) {
      ex.notes.push_back("skipped sponsored offer " + json_text(*o, "companyName").value_or("?"));
      continue;
    }
    MembershipFact m;
    m.entity_name = json_text(*o, rules.get("name", "companyName")).value_or("");
    if (m.entity_name.empty()) {
      ex.notes.push_back("skipped offer without companyName");
      continue;
    }
    m.entity_url = absolute_url(json_text(*o, rules.get("url", "action")).value_or(""));
    m.entity_id = json_text(*o, rules.get("id", "companyId")).value_or("");
    m.raw_label = json_text(*o, rules.get("gold_years", "goldYears")).value_or("");
    m.years_on_platform = regex_int(m.raw_label, years_pat, 0, 60);
    if (!m.years_on_platform) {
      // goldYearsNumber is the same figure without the unit; use it only when the label is absent.
      if (auto n = json_text(*o, rules.get("gold_years_number", "goldYearsNumber"))) {
        m.years_on_platform = regex_int(*n, R"((\d+))", 0, 60);
        if (m.raw_label.empty()) m.raw_label = *n;
      }
    }
    m.badge = join_badges({m.years_on_platform ? "gold_supplier" : "",
                           json_truthy(*o, rules.get("verified", "verifiedSupplier")) ? "verified" : "",
                           json_truthy(*o, rules.get("verified_pro", "verifiedSupplierPro")) ? "verified_pro" : "",
                           json_truthy(*o, rules.get("factory", "isFactory")) ? "factory" : ""});
    m.country = json_text(*o, rules.get("country", "countryCode")).value_or("");
    m.city = json_text(*o, rules.get("city", "city")).value_or("");
    ex.memberships.push_back(std::move(m));
  }
  ex.verdict = ex.memberships.empty() ? PageVerdict::kNotFound : PageVerdict::kFound;
  if (offers.empty() && json_select(j, rules.get("total", "model.totalCount")).empty()) {
    ex.verdict = PageVerdict::kUnparsed;
    ex.notes.push_back("JSON without model.offers or model.totalCount");
  }
  return ex;
}

// A product or minisite page: one seller in embedded JSON.
bool from_embedded(const ExtractRules& rules, const std::string& text, Extraction& ex) {
  auto g = embedded_json(text, rules.get("embedded_name", "globalData"));
  if (!g) return false;
  const nlohmann::json* seller = nullptr;
  auto s = json_select(*g, rules.get("embedded_seller", "seller"));
  if (!s.empty()) seller = s.front();
  if (!seller) return false;
  MembershipFact m;
  m.entity_name = json_text(*seller, "companyName").value_or("");
  m.entity_id = json_text(*seller, "companyId").value_or("");
  m.entity_url = absolute_url(json_text(*seller, "companyProfileUrl").value_or(""));
  m.country = json_text(*seller, "companyRegisterCountry").value_or("");
  m.raw_label = json_text(*seller, rules.get("embedded_join_years", "companyJoinYears")).value_or("");
  m.years_on_platform = regex_int(m.raw_label, R"((\d+))", 0, 60);
  if (m.entity_name.empty()) return false;
  m.badge = m.years_on_platform ? "gold_supplier" : "";
  ex.memberships.push_back(std::move(m));
  return true;
}

Extraction from_html(const ExtractRules& rules, const std::string& text) {
  Extraction ex;
  if (from_embedded(rules, text, ex)) {
    ex.verdict = PageVerdict::kFound;
    return ex;
  }
  HtmlDocument doc(text);
  const std::string years_pat = rules.get("years_pattern", kYearsPattern);
  CssSelector sponsored(rules.get("html_sponsored", ".sponsored, [data-ad=true], .top-sponsor-listing"));
  auto cards = select_all(doc.root(), rules.get("html_card", "div.item-main"));
  for (HtmlNode card : cards) {
    if (sponsored.matches(card) || !select_all(card, sponsored).empty()) {
      ex.notes.push_back("skipped sponsored card");
      continue;
    }
    HtmlNode link = select_first(card, rules.get("html_name", "h2.title a"));
    if (!link) {
      ex.notes.push_back("skipped card without a company link");
      continue;
    }
    MembershipFact m =
        membership_from_link(link, rules.get("html_id_pattern", R"(//([a-z0-9-]+)\.en\.alibaba\.com)"));
    m.raw_label = select_text(card, rules.get("html_gold_years", ".s-gold-supplier-year-icon, .seller-tag__year, .join-year"));
    m.years_on_platform = regex_int(m.raw_label, years_pat, 0, 60);
    bool verified = select_first(card, rules.get("html_verified", ".verified-icon, .icon-onsite, .icon-assessment")) != nullptr;
    m.badge = join_badges({m.years_on_platform ? "gold_supplier" : "", verified ? "verified" : ""});
    std::string location = select_text(card, rules.get("html_location", ".location"));
    if (!location.empty()) m.city = location;
    ex.memberships.push_back(std::move(m));
  }
  if (!ex.memberships.empty()) {
    ex.verdict = PageVerdict::kFound;
  } else if (!cards.empty() || text.find(rules.get("html_no_results", "No results found")) != std::string::npos ||
             text.find("did not match any") != std::string::npos) {
    ex.verdict = PageVerdict::kNotFound;
  } else {
    ex.verdict = PageVerdict::kUnparsed;
    ex.notes.push_back("no supplier cards, no embedded seller and no empty-result marker");
  }
  return ex;
}

}  // namespace

Extraction extract_alibaba(const ExtractRules& rules, const StoredPage& page) {
  std::string text = page_text(page);
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_discarded()) return from_api(rules, j);
  }
  return from_html(rules, text);
}

}  // namespace tradedig::crawler
