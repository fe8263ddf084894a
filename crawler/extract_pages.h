// Re-extraction over stored pages: `tradedig extract [--source S] [--again]` and the step after a
// crawl. Reads pages from the store, runs the source's adapter, replaces the observations each
// page yields. Never fetches.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "crawler/adapter_profile.h"
#include "db/connection.h"

namespace tradedig::crawler {

struct ExtractRunOptions {
  std::string source;        // "" = every source that has a profile
  bool again = false;        // re-extract every page, not only new and unparsed ones
  std::function<void(std::string_view)> log;  // one line per unreadable page; default: none
};

struct ExtractRunSummary {
  int64_t pages = 0, observations = 0;
  std::map<std::string, int64_t> by_verdict;   // found / not_found / blocked / unparsed
  int64_t pages_without_profile = 0;
};

// Runs extraction for every selected page whose source has a profile in `profiles`.
ExtractRunSummary extract_stored_pages(db::Connection& store, const std::map<std::string, AdapterProfile>& profiles,
                                       const ExtractRunOptions& opt);

}  // namespace tradedig::crawler
