// WHOIS and RDAP pages as stored by the engine (or an RDAP/WHOIS gateway): one domain
// registration per page. The queried domain is the task's query (or, failing that, the reply's).
#include "crawler/extract.h"
#include "crawler/rdap_parse.h"
#include "crawler/whois_parse.h"

namespace tradedig::crawler {

namespace {

DomainFact fact_from(const std::string& domain, const std::string& registrar, const RegistrationTime& t,
                     const char* via) {
  DomainFact f;
  f.domain = domain;
  f.registrar = registrar;
  f.registered_at_raw = t.raw;
  f.registered_utc = t.utc;
  f.registered_on = t.local_date;
  f.via = via;
  return f;
}

}  // namespace

Extraction extract_whois(const ExtractRules&, const StoredPage& page) {
  Extraction ex;
  std::string text = page_text(page);
  WhoisRecord r = parse_whois(text, page.query);
  switch (r.outcome) {
    case WhoisOutcome::kRegistered:
      ex.verdict = PageVerdict::kFound;
      ex.domains.push_back(fact_from(page.query.empty() ? r.domain : page.query, r.registrar, *r.created, "whois"));
      break;
    case WhoisOutcome::kNotFound: ex.verdict = PageVerdict::kNotFound; break;
    case WhoisOutcome::kRateLimited:
      ex.verdict = PageVerdict::kBlocked;
      ex.notes.push_back("WHOIS rate limit reply");
      break;
    case WhoisOutcome::kUnknown: ex.notes.push_back("WHOIS reply without a creation date or a not-found wording"); break;
  }
  return ex;
}

Extraction extract_rdap(const ExtractRules&, const StoredPage& page) {
  Extraction ex;
  RdapRecord r = parse_rdap(page_text(page), page.status);
  switch (r.outcome) {
    case RdapOutcome::kRegistered:
      if (!r.created) {
        ex.notes.push_back("RDAP record without a registration event");
        break;
      }
      ex.verdict = PageVerdict::kFound;
      ex.domains.push_back(fact_from(page.query.empty() ? r.domain : page.query, r.registrar, *r.created, "rdap"));
      break;
    case RdapOutcome::kNotFound: ex.verdict = PageVerdict::kNotFound; break;
    case RdapOutcome::kRateLimited:
      ex.verdict = PageVerdict::kBlocked;
      ex.notes.push_back("RDAP rate limit");
      break;
    case RdapOutcome::kError: ex.notes.push_back("RDAP error: " + r.error); break;
  }
  return ex;
}

}  // namespace tradedig::crawler
