// Source adapters end to end: profiles pointed at the replay server, a crawl through the engine,
// then extraction from the stored pages into observations — and re-extraction without fetching.
#include <catch2/catch.hpp>

#include "crawler/extract_pages.h"
#include "crawler/replay_server.h"
#include "crawler/url_parts.h"
#include "crawler/whois_replay_server.h"
#include "tests/crawler/crawl_fixture.h"
#include "tests/crawler/source_fixture.h"

using namespace tradedig;
using namespace tradedig::crawler;

namespace {

// The replay path a profile's request for `query` asks for.
std::string path_for(const AdapterProfile& p, const std::string& query) {
  return parse_url(p.spec.make_request(query).url)->path_and_query;
}

AdapterProfile fast_profile(const std::string& file, const std::string& base) {
  AdapterProfile p = testing::repo_profile(file, base);
  p.spec.politeness.min_delay_s = 0;
  p.spec.politeness.max_concurrency = 4;
  p.spec.politeness.autothrottle = false;
  return p;
}

}  // namespace

TEST_CASE("an alibaba crawl through the replay server stores pages whose extraction fills memberships") {
  ReplayServer srv;
  srv.start();
  auto ali = fast_profile("alibaba.toml", srv.base_url());
  srv.add_page(path_for(ali, "Ningbo Sunrise"), testing::source_fixture("alibaba/api_hits.json"), "application/json");
  srv.add_page(path_for(ali, "Nobody Such"), testing::source_fixture("alibaba/api_empty.json"), "application/json");
  srv.add_page(path_for(ali, "Slider Firm"), testing::source_fixture("alibaba/punish.html"));
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  for (const char* q : {"Ningbo Sunrise", "Nobody Such", "Slider Firm"}) f.add_task("alibaba", q);
  auto log = std::make_shared<std::vector<std::string>>();
  auto crawl = run_crawl(c, {ali.spec}, testing::fast_options(log));
  CHECK(crawl.by_source_outcome["alibaba"]["ok"] == 2);
  CHECK(crawl.by_source_outcome["alibaba"]["blocked"] == 1);

  std::map<std::string, AdapterProfile> profiles{{"alibaba", ali}};
  auto sum = extract_stored_pages(c, profiles, {});
  CHECK(sum.pages == 3);
  CHECK(sum.by_verdict["found"] == 1);
  CHECK(sum.by_verdict["not_found"] == 1);
  CHECK(sum.by_verdict["blocked"] == 1);
  CHECK(c.query_int("SELECT count(*) FROM observations WHERE kind = 'membership' AND source = 'alibaba'") == 3);
  // Every observation keeps its page, raw label and the page's fetch time as observation date.
  CHECK(c.query_int("SELECT count(*) FROM observations o JOIN pages p ON p.page_id = o.page_id "
                    "WHERE o.observed_at = p.fetched_at AND p.outcome = 'ok'") == 3);
  CHECK(c.query_int("SELECT count(*) FROM memberships WHERE raw_label = '5 yrs' AND years_on_platform = 5 "
                    "AND badge = 'gold_supplier,verified,factory'") == 1);
  CHECK(c.query_int("SELECT count(*) FROM observations o JOIN pages p ON p.page_id = o.page_id "
                    "WHERE p.outcome = 'blocked'") == 0);
  CHECK(c.query_int("SELECT count(*) FROM observations WHERE entity_name LIKE '%Adfirst%'") == 0);

  SECTION("extract --again after a selector change changes the observations without any fetch") {
    const size_t requests_before = srv.requests().size();
    CHECK(extract_stored_pages(c, profiles, {}).pages == 0);  // found, not_found and blocked are settled
    profiles["alibaba"].extract.fields["gold_years"] = "goldYearsNumber";
    ExtractRunOptions again;
    again.again = true;
    auto re = extract_stored_pages(c, profiles, again);
    CHECK(re.pages == 3);
    CHECK(c.query_int("SELECT count(*) FROM observations WHERE kind = 'membership'") == 3);
    CHECK(c.query_int("SELECT count(*) FROM memberships WHERE raw_label = '5' AND years_on_platform = 5") == 1);
    CHECK(c.query_int("SELECT count(*) FROM memberships WHERE raw_label = '5 yrs'") == 0);
    CHECK(srv.requests().size() == requests_before);
  }
}

TEST_CASE("a 1688 crawl sends GBK queries, decodes GBK pages, and a login wall yields no membership") {
  ReplayServer srv;
  srv.start();
  auto p = fast_profile("1688.toml", srv.base_url());
  srv.add_page(path_for(p, "宁波日升"), testing::source_fixture("1688/search_hits_gbk.html"), "text/html; charset=GBK");
  srv.add_page(path_for(p, "日升zzqx"), testing::source_fixture("1688/search_empty_gbk.html"), "text/html");
  srv.add_page(path_for(p, "慈溪"), testing::source_fixture("1688/login_wall.html"));
  CHECK(path_for(p, "宁波日升").find("keywords=%C4%FE%B2%A8%C8%D5%C9%FD") != std::string::npos);
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  for (const char* q : {"宁波日升", "日升zzqx", "慈溪"}) f.add_task("1688", q);
  auto log = std::make_shared<std::vector<std::string>>();
  auto crawl = run_crawl(c, {p.spec}, testing::fast_options(log));
  // The engine decodes GBK bodies before matching markers, so the GBK empty-result page (charset
  // only in its <meta> tag) is already not_found at fetch time; extraction agrees.
  CHECK(crawl.by_source_outcome["1688"]["ok"] == 1);
  CHECK(crawl.by_source_outcome["1688"]["not_found"] == 1);
  CHECK(crawl.by_source_outcome["1688"]["blocked"] == 1);
  auto sum = extract_stored_pages(c, {{"1688", p}}, {});
  CHECK(sum.by_verdict["found"] == 1);
  CHECK(sum.by_verdict["not_found"] == 1);
  CHECK(sum.by_verdict["blocked"] == 1);
  CHECK(c.query_int("SELECT count(*) FROM memberships m JOIN observations o USING(obs_id) "
                    "WHERE o.entity_name = '宁波日升电器有限公司' AND m.years_on_platform = 3") == 1);
  CHECK(c.query_int("SELECT count(*) FROM observations o JOIN pages p ON p.page_id = o.page_id "
                    "WHERE p.outcome <> 'ok'") == 0);
}

TEST_CASE("ICP POST queries, RDAP and port-43 WHOIS replies from loopback servers become icp and domain records") {
  ReplayServer srv;
  srv.start();
  WhoisReplayServer cnnic;
  cnnic.start();
  // One override for the whole set of profiles: the HTTP ones take http://, whois.toml whois://.
  const std::string both = srv.base_url() + ",whois://" + cnnic.address();
  auto icp = fast_profile("icp.toml", both);
  auto rdap = fast_profile("rdap.toml", both);
  auto whois = fast_profile("whois.toml", both);
  srv.add_page(path_for(icp, "腾讯"), testing::source_fixture("icp/query_hit.json"), "application/json");
  srv.add_page(path_for(icp, "过期"), testing::source_fixture("icp/token_expired.json"), "application/json");
  srv.add_page(
      path_for(rdap, "example.cz"),
      testing::read_file(testing::shared_path("data/rdap/test/testdata/rdap/rdap.nic.cz/domain-example.cz.json")),
      "application/rdap+json");
  srv.add_page(path_for(rdap, "busy.com"), testing::source_fixture("rdap/rate_limited.json"), "application/json");
  cnnic.add_reply("google.cn",
                  testing::read_file(testing::shared_path("data/whois/likexian/testdata/noterror/cn_google.cn")));
  cnnic.add_reply("nothere.cn", testing::read_file(testing::shared_path(
                                    "data/whois/likexian/testdata/notfound/cn_likexian-have-no-money-to-register.cn")));
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  f.add_task("icp", "腾讯");
  f.add_task("icp", "过期");
  f.add_task("rdap", "example.cz");
  f.add_task("rdap", "busy.com");
  f.add_task("whois", "google.cn");
  f.add_task("whois", "nothere.cn");
  auto log = std::make_shared<std::vector<std::string>>();
  auto crawl = run_crawl(c, {icp.spec, rdap.spec, whois.spec}, testing::fast_options(log));
  CHECK(crawl.by_source_outcome["icp"]["blocked"] == 1);
  CHECK(crawl.by_source_outcome["rdap"]["blocked"] == 1);
  CHECK(crawl.by_source_outcome["whois"]["ok"] == 1);
  CHECK(crawl.by_source_outcome["whois"]["not_found"] == 1);
  CHECK(cnnic.queries().size() == 2);
  auto sum = extract_stored_pages(c, {{"icp", icp}, {"rdap", rdap}, {"whois", whois}}, {});
  CHECK(c.query_int("SELECT count(*) FROM icp_records WHERE licence = '粤B2-20090059' AND licence_year = 2009 "
                    "AND approved_at = '2023-10-18 10:27:25' AND first_seen_at = '2023-10-18 10:27:25'") == 1);
  CHECK(c.query_int("SELECT count(*) FROM domain_records WHERE domain = 'example.cz' AND via = 'rdap' "
                    "AND registered_on = '2004-08-30' AND registered_at_utc = '2004-08-30T22:55:00Z'") == 1);
  CHECK(c.query_int("SELECT count(*) FROM domain_records WHERE domain = 'google.cn' AND via = 'whois' "
                    "AND registered_at_raw = '2003-03-17 12:20:05' AND registered_on = '2003-03-17' "
                    "AND registered_at_utc = '2003-03-17T04:20:05Z'") == 1);
  CHECK(c.query_int("SELECT count(*) FROM observations") == 4);
  CHECK(sum.by_verdict["not_found"] == 1);
}

