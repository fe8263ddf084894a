// Extraction: stored page bytes + headers in, observations out. It never fetches (Scrapy's split
// between downloader and spider), so `tradedig extract --again` can re-run it over stored pages
// after a profile changes.
//
// An adapter is chosen by name ("alibaba", "made_in_china", "1688", "icp", "whois", "rdap");
// the profile's [extract] table may override any selector, JSON path or pattern the adapter
// reads by key (the defaults are the structures recorded in SOURCES.md).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "crawler/classify.h"
#include "crawler/observation.h"

namespace tradedig::crawler {

// A page as the store keeps it (db `pages`), body decompressed.
struct StoredPage {
  int64_t page_id = 0;
  std::string source, query, url, final_url, outcome, fetched_at;  // fetched_at ISO UTC
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names
  std::string body;                                          // raw bytes, any charset
  std::string header(const std::string& lower_name) const;
};

struct ExtractRules {
  std::string adapter;                          // which adapter reads the page
  std::map<std::string, std::string> fields;    // selector / path / pattern overrides by key
  ClassificationRules block;                    // re-applied at extraction: a page that now looks blocked yields nothing
  // The override for `key`, else `fallback`.
  std::string get(const std::string& key, const std::string& fallback) const;
};

// Runs the adapter on `page`. Pages stored as blocked or error, and pages the block rules now
// classify as blocked, give verdict kBlocked and no facts. Throws UserError for an unknown
// adapter or a malformed selector/path in the rules.
Extraction extract_page(const ExtractRules& rules, const StoredPage& page);

// The page as UTF-8 text (charset from headers/meta).
std::string page_text(const StoredPage& page);

// Adapters, one per source (extract_<source>.cc). They assume the page is not blocked.
Extraction extract_alibaba(const ExtractRules& rules, const StoredPage& page);
Extraction extract_made_in_china(const ExtractRules& rules, const StoredPage& page);
Extraction extract_1688(const ExtractRules& rules, const StoredPage& page);
Extraction extract_icp(const ExtractRules& rules, const StoredPage& page);
Extraction extract_whois(const ExtractRules& rules, const StoredPage& page);
Extraction extract_rdap(const ExtractRules& rules, const StoredPage& page);

}  // namespace tradedig::crawler
