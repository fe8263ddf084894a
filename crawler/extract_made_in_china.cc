// made-in-china.com: keyword search list and supplier showroom page (SOURCES.md §1.2).
#include "crawler/css_select.h"
#include "crawler/extract.h"
#include "crawler/extract_text.h"
#include "util/parse.h"

namespace tradedig::crawler {

namespace {

// "aid:123,ads_srv_tp:ad_xx,pdid:..,pcid:.." — sponsored when aid is set or the service type is an ad.
bool sponsored_ads_data(const std::string& ads) {
  auto value_of = [&](const std::string& key) {
    size_t at = ads.find(key + ":");
    if (at == std::string::npos) return std::string();
    size_t start = at + key.size() + 1, end = ads.find(',', start);
    return ads.substr(start, end == std::string::npos ? std::string::npos : end - start);
  };
  return !value_of("aid").empty() || value_of("ads_srv_tp").rfind("ad", 0) == 0;
}

std::string member_badge(const std::string& member_type) {
  if (member_type.find("Diamond") != std::string::npos) return "diamond_member";
  if (member_type.find("Gold") != std::string::npos) return "gold_member";
  return member_type.empty() ? "" : "member";
}

Extraction from_search(const ExtractRules& rules, HtmlNode root, const std::vector<HtmlNode>& cards) {
  Extraction ex;
  for (HtmlNode card : cards) {
    HtmlNode product = select_first(card, rules.get("product_link", "h2.product-name a"));
    if (product && sponsored_ads_data(attribute(product, "ads-data").value_or(""))) {
      ex.notes.push_back("skipped sponsored result");
      continue;
    }
    HtmlNode supplier = select_first(card, rules.get("supplier_link", ".company-info a.J-compnay-name"));
    if (!supplier) {
      ex.notes.push_back("skipped result without a supplier link");
      continue;
    }
    MembershipFact m =
        membership_from_link(supplier, rules.get("id_pattern", R"(//([A-Za-z0-9-]+)\.en\.made-in-china\.com)"));
    std::string member_type;
    for (HtmlNode img : select_all(card, rules.get("member_img", "img[alt$=' Member']")))
      member_type = attribute(img, "alt").value_or("");
    bool audited = select_first(card, rules.get("audited", "img[alt='Audited Supplier']")) != nullptr;
    bool leading = select_first(card, rules.get("leading_factory", "img[alt*='Industry-leading Audited Factory']")) != nullptr;
    m.raw_label = member_type;
    m.badge = join_badges({member_badge(member_type), audited ? "audited_supplier" : "",
                           leading ? "leading_factory" : ""});
    std::string address = select_text(card, rules.get("location", ".company-address-info .tip-para"));
    if (!address.empty()) m.city = address;
    ex.memberships.push_back(std::move(m));
  }
  HtmlNode total = select_first(root, rules.get("total_count", "input[name='totalCount']"));
  if (!ex.memberships.empty()) ex.verdict = PageVerdict::kFound;
  else if (!cards.empty() || (total && attribute(total, "value").value_or("") == "0")) ex.verdict = PageVerdict::kNotFound;
  return ex;
}

Extraction from_showroom(const ExtractRules& rules, HtmlNode root, const std::string& text) {
  Extraction ex;
  MembershipFact m;
  m.entity_name = select_text(root, rules.get("showroom_name", ".sr-comInfo-title h1"));
  if (m.entity_name.empty()) return ex;
  for (HtmlNode item : select_all(root, rules.get("info_item", ".sr-comInfo-details .info-item"))) {
    std::string label = select_text(item, rules.get("info_label", ".info-label"));
    std::string value = select_text(item, rules.get("info_value", ".info-fields"));
    if (label.find("Year of Establishment") != std::string::npos) m.established_year = parse_year(value);
    if (label.find("Address") != std::string::npos) m.city = value;
  }
  std::string member_type = select_text(root, rules.get("member_type", "#member-since .sign-item-text"));
  std::string since = select_text(root, rules.get("member_year", "#member-since .txt-year"));
  m.raw_label = since.empty() ? member_type : since;
  m.member_since = regex_int(since, rules.get("since_pattern", R"(Since\s*(\d{4}))"), 1995, 2100);
  bool audited = select_first(root, rules.get("showroom_audited", "img[alt='Audited Supplier'], .icon-audited")) != nullptr ||
                 text.find("Audited Supplier") != std::string::npos;
  m.badge = join_badges({member_badge(member_type), audited ? "audited_supplier" : ""});
  m.entity_id = regex_capture(text, rules.get("showroom_id_pattern", R"(sendInquiry/shrom_([A-Za-z0-9]+)_)"));
  ex.memberships.push_back(std::move(m));
  ex.verdict = PageVerdict::kFound;
  return ex;
}

}  // namespace

Extraction extract_made_in_china(const ExtractRules& rules, const StoredPage& page) {
  std::string text = page_text(page);
  HtmlDocument doc(text);
  auto cards = select_all(doc.root(), rules.get("card", ".search-list .list-node"));
  Extraction ex = cards.empty() ? from_showroom(rules, doc.root(), text) : from_search(rules, doc.root(), cards);
  if (ex.verdict == PageVerdict::kUnparsed && cards.empty()) {
    HtmlNode total = select_first(doc.root(), rules.get("total_count", "input[name='totalCount']"));
    if ((total && attribute(total, "value").value_or("") == "0") ||
        text.find(rules.get("no_results", "No matching results")) != std::string::npos)
      ex.verdict = PageVerdict::kNotFound;
    else
      ex.notes.push_back("neither search results nor a showroom page");
  }
  return ex;
}

}  // namespace tradedig::crawler
