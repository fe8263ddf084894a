// Shared set-up for source-adapter tests: fixture pages as StoredPages, profiles from profiles/.
#pragma once
#include <string>

#include "crawler/adapter_profile.h"
#include "crawler/extract.h"
#include "tests/test_support.h"

namespace tradedig::testing {

inline std::string source_fixture(const std::string& rel) {
  return read_file(fixture_path("crawler/sources/" + rel));
}

inline std::string profile_path(const std::string& file) { return std::string(TRADEDIG_SAMPLE_DIR) + "/../profiles/" + file; }

inline crawler::AdapterProfile repo_profile(const std::string& file, const std::string& base = "http://127.0.0.1:1") {
  return crawler::load_adapter_profile(profile_path(file), base);
}

// A page as the engine would have stored it: ok, 200, fetched on 2026-11-21.
inline crawler::StoredPage stored_page(const std::string& body, const std::string& content_type = "text/html",
                                       const std::string& query = "") {
  crawler::StoredPage p;
  p.page_id = 1;
  p.url = "https://example.invalid/search";
  p.outcome = "ok";
  p.status = 200;
  p.fetched_at = "2026-11-21T10:00:00.000Z";
  p.query = query;
  p.headers = {{"content-type", content_type}};
  p.body = body;
  return p;
}

}  // namespace tradedig::testing
