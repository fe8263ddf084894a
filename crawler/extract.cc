#include "crawler/extract.h"

#include "crawler/page_charset.h"
#include "util/error.h"

namespace tradedig::crawler {

const char* verdict_name(PageVerdict v) {
  switch (v) {
    case PageVerdict::kFound: return "found";
    case PageVerdict::kNotFound: return "not_found";
    case PageVerdict::kBlocked: return "blocked";
    case PageVerdict::kUnparsed: return "unparsed";
  }
  return "unparsed";
}

std::string StoredPage::header(const std::string& lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

std::string ExtractRules::get(const std::string& key, const std::string& fallback) const {
  auto it = fields.find(key);
  return it == fields.end() ? fallback : it->second;
}

std::string page_text(const StoredPage& page) { return page_text_utf8(page.header("content-type"), page.body); }

Extraction extract_page(const ExtractRules& rules, const StoredPage& page) {
  Extraction blocked;
  blocked.verdict = PageVerdict::kBlocked;
  if (page.outcome == "blocked" || page.outcome == "error") {
    blocked.notes.push_back("page stored as " + page.outcome);
    return blocked;
  }
  // The rules may have learnt a new block marker since the page was fetched.
  FetchResult r;
  r.status = page.status;
  r.final_url = page.final_url.empty() ? page.url : page.final_url;
  r.headers = page.headers;
  // Decoded, so UTF-8 markers ("请在此登录") also match GBK pages, which the engine's byte-level
  // check at fetch time cannot see.
  r.body = page_text(page);
  if (classify(rules.block, r) == Outcome::kBlocked) {
    blocked.notes.push_back("block rules match the page");
    return blocked;
  }
  const std::string& a = rules.adapter;
  if (a == "alibaba") return extract_alibaba(rules, page);
  if (a == "made_in_china") return extract_made_in_china(rules, page);
  if (a == "1688") return extract_1688(rules, page);
  if (a == "icp") return extract_icp(rules, page);
  if (a == "whois") return extract_whois(rules, page);
  if (a == "rdap") return extract_rdap(rules, page);
  throw UserError("unknown extraction adapter '" + a + "': use alibaba, made_in_china, 1688, icp, whois or rdap");
}

}  // namespace tradedig::crawler
