// Page bodies of the demo world, one renderer per source format (internal to pipeline/).
//
// Each renderer writes the structure its crawler adapter reads (SOURCES.md §1 and the hand-written
// fixtures in tests/fixtures/crawler/sources/): alibaba's supplierTextSearch JSON, made-in-china's
// search list and showroom HTML, 1688's company search as GBK HTML, the MIIT queryByCondition JSON,
// CNNIC WHOIS text and RDAP JSON, plus each source's block page. Every body says it is SYNTHETIC
// in a place the adapters ignore (an HTML comment, a JSON key, a WHOIS remark line).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tradedig::pipeline {

// FNV-1a of the bytes: a hash that is the same on every run and platform (ids, shop names, seeds).
uint64_t stable_hash(const std::string& s);

// One supplier entry on a search page. `years` is the membership label's N ("N yrs", "诚信通 N年");
// 0 shows no membership badge.
struct DemoListing {
  std::string name;       // as the platform shows it
  std::string shop;       // sub-domain / shop id / company id seed
  std::string city;
  int years = 0;
  bool sponsored = false;
  bool verified = false;
  std::string member_type;  // made-in-china: "Gold Member", "Diamond Member" or ""
};

std::string alibaba_search_json(const std::vector<DemoListing>& offers);
std::string made_in_china_search_html(const std::string& query, const std::vector<DemoListing>& cards);
std::string made_in_china_showroom_html(const DemoListing& firm, int member_since, int established);
// GBK bytes. Throws UserError when a name has no GBK form (utf8_to_gbk).
std::string s1688_search_gbk(const std::string& query, const std::vector<DemoListing>& cards);

struct DemoIcpRecord {
  std::string unit, licence, domain, updated;  // updated: "YYYY-MM-DD HH:MM:SS" (latest approval)
};
std::string icp_query_json(const std::vector<DemoIcpRecord>& records);

// CNNIC's port-43 reply; `registered` is "YYYY-MM-DD HH:MM:SS" Beijing time, as CNNIC prints it.
std::string cnnic_whois_text(const std::string& domain, const std::string& registrant, const std::string& registered);
std::string cnnic_whois_not_found(const std::string& domain);
// A Verisign-style RDAP domain object; `registered` is "YYYY-MM-DDTHH:MM:SSZ".
std::string rdap_domain_json(const std::string& domain, const std::string& registered);

// Block pages by source name ("alibaba", "made-in-china", "1688", "icp", "whois", "rdap"); `variant`
// picks among a source's kinds (slider, login wall) so the share of each is the caller's.
std::string block_page(const std::string& source, int variant);

}  // namespace tradedig::pipeline
