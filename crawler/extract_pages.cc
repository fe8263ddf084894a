#include "crawler/extract_pages.h"

#include "db/observation_store.h"

namespace tradedig::crawler {

ExtractRunSummary extract_stored_pages(db::Connection& store, const std::map<std::string, AdapterProfile>& profiles,
                                       const ExtractRunOptions& opt) {
  ExtractRunSummary sum;
  db::ObservationStore obs(store);
  for (int64_t id : obs.page_ids(opt.source, !opt.again)) {
    db::PageRow row = obs.load_page(id);
    auto prof = profiles.find(row.source);
    if (prof == profiles.end()) {
      ++sum.pages_without_profile;
      continue;
    }
    StoredPage page;
    page.page_id = row.page_id;
    page.source = row.source;
    page.query = row.query;
    page.url = row.url;
    page.final_url = row.final_url;
    page.outcome = row.outcome;
    page.fetched_at = row.fetched_at;
    page.status = row.status;
    page.headers = row.headers;
    page.body = std::move(row.body);
    Extraction ex = extract_page(prof->second.extract, page);
    ++sum.pages;
    ++sum.by_verdict[verdict_name(ex.verdict)];
    sum.observations += static_cast<int64_t>(ex.fact_count());
    if (opt.log && ex.verdict == PageVerdict::kUnparsed)
      opt.log("page " + std::to_string(id) + " (" + row.source + " " + row.url + "): unparsed" +
              (ex.notes.empty() ? std::string() : ": " + ex.notes.front()));
    obs.replace_page_observations(row, verdict_name(ex.verdict), ex.memberships, ex.icp, ex.domains);
  }
  return sum;
}

}  // namespace tradedig::crawler
