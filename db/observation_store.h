// Observations extracted from crawled pages: the SQL behind `tradedig extract` (only db/ writes SQL).
//
// A page's observations are replaced as a unit: re-extracting a page (after a profile change)
// deletes what the page yielded before and writes what it yields now, in one transaction, so a
// crash never leaves a page half-extracted. Observation date = the page's fetched_at.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

// A platform membership (memberships row).
struct MembershipFact {
  std::string entity_name, entity_url, entity_id;
  std::string badge;       // e.g. "gold_supplier", "gold_member", "chengxintong"; extra badges comma-joined after it
  std::string raw_label;   // "5 yrs", "Since 2016", "诚信通 3年"
  std::optional<int> years_on_platform;  // N of "N yrs": start year = observation year - N (±1)
  std::optional<int> member_since;       // an explicit year on the page
  std::optional<int> established_year;   // the firm's founding year, when the profile shows it
  std::string country, city;
};

// An ICP filing (icp_records row).
struct IcpFact {
  std::string entity_name, licence, service_licence, nature, domain;
  std::string approved_at;           // updateRecordTime: the LATEST approval, not the first filing
  std::optional<int> licence_year;   // year encoded in the licence number (heuristic)
};

// A domain registration (domain_records row).
struct DomainFact {
  std::string entity_name, domain, registrar;
  std::string registered_at_raw;     // exactly as in the reply
  std::string registered_utc;        // "1997-09-15T04:00:00Z", "" when the zone is unknown
  std::string registered_on;         // local calendar date "YYYY-MM-DD" as the registry wrote it
  std::string via;                   // "whois" | "rdap"
};

// A stored page, body decompressed.
struct PageRow {
  int64_t page_id = 0;
  std::string source, query, url, final_url, outcome, fetched_at;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // from the stored JSON object
  std::string body;
};

class ObservationStore {
 public:
  explicit ObservationStore(Connection& c) : c_(c) {}

  // Ids of stored pages of `source` ("" = every source), oldest first. With `only_unextracted`,
  // pages never extracted and pages whose last extraction was 'unparsed'.
  std::vector<int64_t> page_ids(const std::string& source, bool only_unextracted) const;

  // The page; throws SqlError when it does not exist or its body cannot be decompressed.
  PageRow load_page(int64_t page_id) const;

  // Deletes the observations derived from `page` and writes the given ones, with the page's
  // extraction verdict ('found', 'not_found', 'blocked', 'unparsed'), in one transaction.
  // ICP first_seen_at is the earliest approved_at ever stored for the same licence and domain.
  void replace_page_observations(const PageRow& page, std::string_view verdict,
                                 const std::vector<MembershipFact>& memberships,
                                 const std::vector<IcpFact>& icp, const std::vector<DomainFact>& domains);

  // Observations of `kind` ('membership', 'icp', 'domain') derived from pages of `source`.
  int64_t count_from_pages(const std::string& kind, const std::string& source) const;

 private:
  Connection& c_;
};

}  // namespace tradedig::db
