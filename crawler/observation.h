// What extraction finds on a page, before it is stored: one struct per observation kind, mirroring
// the store's detail tables (db/observation_store.h writes them).
//
// Every fact keeps its raw label (the text it was read from) so the measure can be re-derived
// when an interpretation changes, and the page it came from travels with the Extraction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/observation_store.h"

namespace tradedig::crawler {

// The fact types are the store's (db/observation_store.h) so nothing is copied field by field.
using MembershipFact = db::MembershipFact;  // alibaba Gold Supplier years, made-in-china since, 1688 诚信通
using IcpFact = db::IcpFact;                // MIIT queryByCondition or a homepage footer licence
using DomainFact = db::DomainFact;          // WHOIS / RDAP registration

enum class PageVerdict {
  kFound,        // facts extracted
  kNotFound,     // the source answered "no such firm/domain"
  kBlocked,      // block, login wall or rate limit: never "not found"
  kUnparsed,     // an answer we could not read (markup changed?) — look at the notes
};
const char* verdict_name(PageVerdict v);  // "found", "not_found", "blocked", "unparsed"

struct Extraction {
  PageVerdict verdict = PageVerdict::kUnparsed;
  std::vector<MembershipFact> memberships;
  std::vector<IcpFact> icp;
  std::vector<DomainFact> domains;
  std::vector<std::string> notes;  // why a page or a result was skipped (sponsored, no name, ...)
  size_t fact_count() const { return memberships.size() + icp.size() + domains.size(); }
};

}  // namespace tradedig::crawler
