// WHOIS over port 43 as a crawl source (protocol = "whois" in profiles/whois.toml): the engine asks
// loopback WhoisReplayServers that answer with real registry replies (likexian's and richardpenman's
// corpora under /work/shared/data/whois), with the same politeness, retries, leasing and page
// storage as HTTP tasks; extraction then reads the stored replies.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "crawler/extract_pages.h"
#include "crawler/profile.h"
#include "crawler/whois_replay_server.h"
#include "crawler/whois_source.h"
#include "tests/crawler/crawl_fixture.h"
#include "tests/crawler/source_fixture.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::crawler;

namespace {

const std::string kNoterror = "data/whois/likexian/testdata/noterror";
const std::string kNotfound = "data/whois/likexian/testdata/notfound";
const std::string kThin = "data/whois/richardpenman/test/samples/whois";
// The wording domain_lookup_test uses for CNNIC's per-address limit.
const std::string kLimitReply = "Your connection limit exceeded. Please slow down and try again later.\r\n";

// profiles/whois.toml with every query sent to `address` ("" : no override), politeness scaled down.
AdapterProfile whois_profile(const std::string& address, double min_delay_s = 0) {
  AdapterProfile p = testing::repo_profile("whois.toml", address.empty() ? "" : "whois://" + address);
  p.spec.politeness.min_delay_s = min_delay_s;
  p.spec.politeness.autothrottle = false;
  return p;
}

db::Connection store_with(const testing::ScratchDir& dir, const std::vector<std::string>& domains) {
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  for (const auto& d : domains) f.add_task("whois", d);
  return c;
}

std::string one_string(db::Connection& c, const std::string& sql) { return c.query_string(sql).value_or("<none>"); }

// What the extraction of `reply` gives when it was stored by the old HTTP gateway
// ({base}/whois/{query}, served as text/plain): the reference the port-43 pages must match.
DomainFact gateway_fact(const AdapterProfile& p, const std::string& domain, const std::string& reply) {
  StoredPage page = testing::stored_page(reply, "text/plain", domain);
  page.source = "whois";
  page.url = "http://127.0.0.1:8043/whois/" + domain;
  Extraction ex = extract_page(p.extract, page);
  REQUIRE(ex.domains.size() == 1);
  return ex.domains[0];
}

}  // namespace

TEST_CASE("profiles/whois.toml is a port-43 profile whose requests name the registry by the domain's suffix",
          "[whois-crawl]") {
  SourceSpec s = load_source_profile(testing::profile_path("whois.toml"));
  CHECK(s.protocol == "whois");
  CHECK(s.whois.connect_all.empty());
  CHECK(s.make_request("Example.COM.cn.").url == "whois://whois.cnnic.cn/example.com.cn");
  CHECK(s.make_request("google.com").url == "whois://whois.verisign-grs.com/google.com");
  CHECK(s.make_request("example.invalidtld").url == "whois:///example.invalidtld");
  CHECK_FALSE(parse_whois_url("whois:///example.invalidtld"));
  REQUIRE(parse_whois_url("whois://whois.cnnic.cn/example.cn"));
  CHECK(parse_whois_url("whois://whois.cnnic.cn/example.cn")->server == "whois.cnnic.cn");
  CHECK(whois_domain_query("a b.cn").empty());

  // The override: one URL, or one per scheme for a directory of HTTP and WHOIS profiles.
  CHECK(load_source_profile(testing::profile_path("whois.toml"), "whois://127.0.0.1:4343/").whois.connect_all ==
        "127.0.0.1:4343");
  auto both = load_adapter_profile(testing::profile_path("whois.toml"), "http://127.0.0.1:8089,whois://127.0.0.1:4343");
  CHECK(both.spec.whois.connect_all == "127.0.0.1:4343");
  CHECK(both.base_url == "whois://127.0.0.1:4343");
  CHECK(load_adapter_profile(testing::profile_path("rdap.toml"), "http://127.0.0.1:8089,whois://127.0.0.1:4343")
            .base_url == "http://127.0.0.1:8089");
  // An http-only override must not let a test or demo ask the real registries.
  CHECK_THROWS_WITH(load_adapter_profile(testing::profile_path("whois.toml"), "http://127.0.0.1:8089"),
                    Catch::Contains("whois://host:port"));

  testing::ScratchDir dir;
  auto with_url = dir.write("w.toml", "name = \"w\"\nprotocol = \"whois\"\nurl = \"http://x/{query}\"\n");
  CHECK_THROWS_WITH(load_source_profile(with_url), Catch::Contains("takes no url"));
  auto gopher = dir.write("g.toml", "name = \"g\"\nprotocol = \"gopher\"\nurl = \"http://x/{query}\"\n");
  CHECK_THROWS_WITH(load_source_profile(gopher), Catch::Contains("protocol must be"));
  auto own = dir.write("o.toml",
                       "name = \"o\"\nprotocol = \"whois\"\n[whois_servers]\n\"Shop\" = \"Whois.Nic.Shop\"\n"
                       "[whois_addresses]\n\"whois.nic.shop\" = \"127.0.0.1:9\"\n");
  SourceSpec o = load_source_profile(own);
  CHECK(o.make_request("x.shop").url == "whois://whois.nic.shop/x.shop");
  CHECK(o.whois.addresses.at("whois.nic.shop") == "127.0.0.1:9");
  CHECK(o.whois.servers.at("cn") == "whois.cnnic.cn");  // the built-in servers stay
}

TEST_CASE("a crawl of domains against a loopback WHOIS server stores one page per domain and extraction gives "
          "the registration dates of the replies",
          "[whois-crawl]") {
  WhoisReplayServer registry(testing::shared_path(kNoterror), "{tld}_{query}");
  registry.start();
  AdapterProfile p = whois_profile(registry.address());
  const std::vector<std::string> domains = {"google.cn", "google.hk", "google.tw", "git.tw", "git.hk"};
  testing::ScratchDir dir;
  auto c = store_with(dir, domains);
  auto log = std::make_shared<std::vector<std::string>>();
  CrawlSummary sum = run_crawl(c, {p.spec}, testing::fast_options(log));
  CHECK(sum.by_source_outcome["whois"]["ok"] == 5);
  CHECK(sum.pages_stored == 5);
  CHECK(sum.fetches == 5);
  auto queried = registry.queries();
  std::sort(queried.begin(), queried.end());
  auto sorted = domains;
  std::sort(sorted.begin(), sorted.end());
  CHECK(queried == sorted);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'done'") == 5);
  // The page names the registry (the override only changes where the socket connects).
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE url = 'whois://whois.cnnic.cn/google.cn' AND method = 'WHOIS' "
                    "AND status = 200 AND outcome = 'ok'") == 1);
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE url = 'whois://whois.hkirc.hk/git.hk'") == 1);
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE url = 'whois://whois.twnic.net.tw/google.tw'") == 1);

  auto ex = extract_stored_pages(c, {{"whois", p}}, {});
  CHECK(ex.pages == 5);
  CHECK(ex.by_verdict["found"] == 5);
  // Dates as the replies print them (likexian noterror/<tld>_<domain>; .hk is DD-MM-YYYY):
  // cn_google.cn "Registration Time: 2003-03-17 12:20:05" (Beijing time), hk_google.hk
  // "Domain Name Commencement Date: 06-04-2004", tw_google.tw "Record created on 2005-10-27",
  // tw_git.tw "Record created on 2008-05-23", hk_git.hk "... Commencement Date: 11-07-2017".
  CHECK(one_string(c, "SELECT registered_on FROM domain_records WHERE domain = 'google.cn'") == "2003-03-17");
  CHECK(one_string(c, "SELECT registered_at_utc FROM domain_records WHERE domain = 'google.cn'") ==
        "2003-03-17T04:20:05Z");
  CHECK(one_string(c, "SELECT registered_on FROM domain_records WHERE domain = 'google.hk'") == "2004-04-06");
  CHECK(one_string(c, "SELECT registered_on FROM domain_records WHERE domain = 'google.tw'") == "2005-10-27");
  CHECK(one_string(c, "SELECT registered_on FROM domain_records WHERE domain = 'git.tw'") == "2008-05-23");
  CHECK(one_string(c, "SELECT registered_on FROM domain_records WHERE domain = 'git.hk'") == "2017-07-11");

  // The same DomainFacts as the HTTP-gateway pages of the same replies gave.
  for (const auto& d : domains) {
    INFO(d);
    const std::string tld = d.substr(d.rfind('.') + 1);
    DomainFact g = gateway_fact(p, d, testing::read_file(testing::shared_path(kNoterror + "/" + tld + "_" + d)));
    const std::string where = " FROM domain_records WHERE domain = '" + d + "'";
    CHECK(one_string(c, "SELECT registered_on" + where) == g.registered_on);
    CHECK(one_string(c, "SELECT registered_at_raw" + where) == g.registered_at_raw);
    CHECK(one_string(c, "SELECT coalesce(registered_at_utc, '')" + where) == g.registered_utc);
    CHECK(one_string(c, "SELECT registrar" + where) == g.registrar);
    CHECK(one_string(c, "SELECT via" + where) == "whois");
  }
}

TEST_CASE("queries to one WHOIS server keep the profile's delay between them while other servers run in parallel",
          "[whois-crawl]") {
  WhoisReplayServer cnnic(testing::shared_path(kNoterror), "{tld}_{query}");
  WhoisReplayServer twnic(testing::shared_path(kNoterror), "{tld}_{query}");
  cnnic.start();
  twnic.start();
  AdapterProfile p = whois_profile("", 0.4);
  p.spec.politeness.max_concurrency = 4;  // the delay alone must keep the queries apart
  p.spec.whois.addresses["whois.cnnic.cn"] = cnnic.address();
  p.spec.whois.addresses["whois.twnic.net.tw"] = twnic.address();
  testing::ScratchDir dir;
  auto c = store_with(dir, {"google.cn", "apple.cn", "a.cn", "b.cn", "google.tw", "git.tw", "c.tw", "d.tw"});
  auto log = std::make_shared<std::vector<std::string>>();
  CrawlSummary sum = run_crawl(c, {p.spec}, testing::fast_options(log));
  CHECK(sum.by_source_outcome["whois"]["ok"] == 4);
  CHECK(sum.by_source_outcome["whois"]["not_found"] == 4);  // a.cn .. d.tw: the server's "No match for"
  for (WhoisReplayServer* s : {&cnnic, &twnic}) {
    auto times = s->query_times();
    REQUIRE(times.size() == 4);
    // 0.4 s between starts; 30 ms allowed for the difference in connect times of two queries.
    for (size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= 0.37);
  }
  // Each server took ~1.2 s; run one after the other it would have been ~2.8 s at least.
  CHECK(sum.seconds < 2.6);
}

TEST_CASE("a registry rate-limit reply is blocked, retried with back-off and later fetched, never not_found",
          "[whois-crawl]") {
  WhoisReplayServer cnnic(testing::shared_path(kNoterror), "{tld}_{query}");
  cnnic.add_reply("nothere.cn", testing::read_file(testing::shared_path(
                                    kNotfound + "/cn_likexian-have-no-money-to-register.cn")));
  cnnic.start();
  cnnic.rate_limit_after(1, kLimitReply);
  AdapterProfile p = whois_profile(cnnic.address());
  p.spec.politeness.max_concurrency = 1;
  testing::ScratchDir dir;
  auto c = store_with(dir, {"google.cn", "apple.cn", "nothere.cn"});
  auto log = std::make_shared<std::vector<std::string>>();
  CrawlOptions opt = testing::fast_options(log);
  opt.retry.max_attempts = 2;
  opt.retry.give_up_retry_s = 1.0;  // a blocked task is due again after 1 s
  opt.max_wait_for_due_s = 0.5;     // ...which the first run does not wait for
  CrawlSummary first = run_crawl(c, {p.spec}, opt);
  CHECK(first.by_source_outcome["whois"]["ok"] == 1);
  CHECK(first.by_source_outcome["whois"]["blocked"] == 2);
  CHECK(first.by_source_outcome["whois"].count("not_found") == 0);
  CHECK(first.retries == 2);
  CHECK(cnnic.queries().size() == 5);  // 1 answered + 2 tasks x 2 attempts
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'blocked' AND last_outcome = 'blocked' "
                    "AND next_due_at IS NOT NULL") == 2);
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE outcome = 'blocked'") == 2);  // kept for audit
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE outcome = 'not_found'") == 0);
  // Blocked pages are never extracted into facts, nor read as a missing domain.
  auto ex1 = extract_stored_pages(c, {{"whois", p}}, {});
  CHECK(ex1.by_verdict["blocked"] == 2);
  CHECK(ex1.by_verdict["not_found"] == 0);
  // Settled verdicts are not read again: a second extraction has nothing to do, unless asked.
  CHECK(c.query_int("SELECT count(*) FROM page_extractions WHERE verdict = 'blocked' AND facts = 0") == 2);
  CHECK(extract_stored_pages(c, {{"whois", p}}, {}).pages == 0);
  ExtractRunOptions again;
  again.again = true;
  CHECK(extract_stored_pages(c, {{"whois", p}}, again).pages == 3);

  cnnic.rate_limit_after(1000000, kLimitReply);  // the limit is lifted
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CrawlSummary second = run_crawl(c, {p.spec}, opt);
  CHECK(second.by_source_outcome["whois"]["ok"] == 1);
  CHECK(second.by_source_outcome["whois"]["not_found"] == 1);
  CHECK(testing::task_state(c, "whois", "apple.cn") == "done");
  CHECK(testing::task_state(c, "whois", "nothere.cn") == "done");
  CHECK(c.query_int(
            "SELECT count(*) FROM pages WHERE outcome = 'not_found' AND url = 'whois://whois.cnnic.cn/nothere.cn'") ==
        1);
  extract_stored_pages(c, {{"whois", p}}, {});
  // cn_apple.cn: "Registration Time: 2003-03-17 12:20:05".
  CHECK(one_string(c, "SELECT registered_on FROM domain_records WHERE domain = 'apple.cn'") == "2003-03-17");
  CHECK(c.query_int("SELECT count(*) FROM domain_records") == 2);
}

TEST_CASE("a thin registry's referral is asked once at the registrar's server and its reply stored after the "
          "registry's",
          "[whois-crawl]") {
  // Registry: Verisign's thin reply for google.com, look-alike records first (richardpenman
  // samples/whois/google.com), which points to whois.markmonitor.com; registrar: likexian com_google.com.
  WhoisReplayServer verisign(testing::shared_path(kThin), "{query}");
  WhoisReplayServer markmonitor(testing::shared_path(kNoterror), "{tld}_{query}");
  verisign.start();
  markmonitor.start();
  AdapterProfile p = whois_profile("");
  p.spec.whois.addresses["whois.verisign-grs.com"] = verisign.address();
  p.spec.whois.addresses["whois.markmonitor.com"] = markmonitor.address();
  testing::ScratchDir dir;
  auto c = store_with(dir, {"google.com"});
  auto log = std::make_shared<std::vector<std::string>>();
  CrawlSummary sum = run_crawl(c, {p.spec}, testing::fast_options(log));
  CHECK(sum.by_source_outcome["whois"]["ok"] == 1);
  CHECK(sum.fetches == 2);
  CHECK(verisign.queries() == std::vector<std::string>{"google.com"});
  CHECK(markmonitor.queries() == std::vector<std::string>{"google.com"});
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE url = 'whois://whois.verisign-grs.com/google.com' "
                    "AND final_url = 'whois://whois.markmonitor.com/google.com'") == 1);
  extract_stored_pages(c, {{"whois", p}}, {});
  // As in domain_lookup_test: the registry's "Creation Date: 15-sep-1997" comes first and agrees
  // with the registrar's 1997-09-15T00:00:00-0700; the registrar of google.com's own record.
  CHECK(one_string(c, "SELECT registered_on FROM domain_records WHERE domain = 'google.com'") == "1997-09-15");
  CHECK(one_string(c, "SELECT registrar FROM domain_records WHERE domain = 'google.com'") == "MARKMONITOR INC.");

  SECTION("a registrar that is down costs nothing: the registry's reply is stored alone") {
    markmonitor.stop();
    c.exec("UPDATE crawl_tasks SET state = 'pending', next_due_at = NULL, content_hash = NULL");
    CrawlSummary again = run_crawl(c, {p.spec}, testing::fast_options(log));
    CHECK(again.by_source_outcome["whois"]["ok"] == 1);
    CHECK(testing::log_has(*log, "referral to whois.markmonitor.com for google.com gave no reply"));
    CHECK(c.query_int("SELECT count(*) FROM pages WHERE final_url = 'whois://whois.verisign-grs.com/google.com'") == 1);
  }
}

TEST_CASE("a domain the registry does not know is not_found, and an unreachable server is a retried error",
          "[whois-crawl]") {
  WhoisReplayServer cnnic;
  cnnic.add_reply("nothere.cn", testing::read_file(testing::shared_path(
                                    kNotfound + "/cn_likexian-have-no-money-to-register.cn")));
  cnnic.start();
  WhoisReplayServer gone;
  gone.start();
  const std::string closed = gone.address();
  gone.stop();
  AdapterProfile p = whois_profile("");
  p.spec.whois.addresses["whois.cnnic.cn"] = cnnic.address();
  p.spec.whois.addresses["whois.verisign-grs.com"] = closed;
  testing::ScratchDir dir;
  auto c = store_with(dir, {"nothere.cn", "example.com", "example.nosuchtld"});
  auto log = std::make_shared<std::vector<std::string>>();
  CrawlOptions opt = testing::fast_options(log);
  opt.retry.max_attempts = 3;
  CrawlSummary sum = run_crawl(c, {p.spec}, opt);
  CHECK(sum.by_source_outcome["whois"]["not_found"] == 1);
  CHECK(sum.by_source_outcome["whois"]["error"] == 2);
  CHECK(sum.retries == 2);  // example.com: 3 attempts
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE outcome = 'not_found' AND status = 200") == 1);
  CHECK(testing::task_state(c, "whois", "example.com") == "failed");
  CHECK(
      one_string(c, "SELECT last_error FROM crawl_tasks WHERE query = 'example.com'").find("whois.verisign-grs.com") !=
      std::string::npos);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE query = 'example.com' AND next_due_at IS NOT NULL") == 1);
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE url LIKE '%example.com'") == 0);
  CHECK(one_string(c, "SELECT last_error FROM crawl_tasks WHERE query = 'example.nosuchtld'")
            .find("no WHOIS server is known") != std::string::npos);
  auto ex = extract_stored_pages(c, {{"whois", p}}, {});
  CHECK(ex.by_verdict["not_found"] == 1);
  CHECK(c.query_int("SELECT count(*) FROM domain_records") == 0);
}

TEST_CASE("a WHOIS crawl stopped by max_tasks and run again asks no domain twice", "[whois-crawl]") {
  WhoisReplayServer cnnic(testing::shared_path(kNoterror), "{tld}_{query}");
  cnnic.start();
  AdapterProfile p = whois_profile(cnnic.address());
  p.spec.politeness.max_concurrency = 2;
  std::vector<std::string> domains = {"google.cn", "apple.cn", "a.cn", "b.cn", "c.cn", "d.cn", "e.cn"};
  testing::ScratchDir dir;
  auto c = store_with(dir, domains);
  auto log = std::make_shared<std::vector<std::string>>();
  CrawlOptions opt = testing::fast_options(log);
  opt.max_tasks = 3;
  CrawlSummary first = run_crawl(c, {p.spec}, opt);
  CHECK(first.pages_stored >= 3);
  CHECK(first.pages_stored < 7);
  opt.max_tasks = -1;
  CrawlSummary second = run_crawl(c, {p.spec}, opt);
  CHECK(first.pages_stored + second.pages_stored == 7);
  CHECK(c.query_int("SELECT count(*) FROM pages") == 7);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'done'") == 7);
  auto queried = cnnic.queries();
  std::sort(queried.begin(), queried.end());
  std::sort(domains.begin(), domains.end());
  CHECK(queried == domains);  // every domain asked exactly once over both runs
}

TEST_CASE("a WHOIS crawl stopped by max_tasks finishes the referral steps it started, so no server is asked twice",
          "[whois-crawl]") {
  // richardpenman's thin replies: google.com points to whois.markmonitor.com, digg.com to whois.godaddy.com.
  WhoisReplayServer verisign(testing::shared_path(kThin), "{query}");
  WhoisReplayServer registrars(testing::shared_path(kNoterror), "{tld}_{query}");
  verisign.start();
  registrars.start();
  AdapterProfile p = whois_profile("");
  p.spec.whois.addresses["whois.verisign-grs.com"] = verisign.address();
  p.spec.whois.addresses["whois.markmonitor.com"] = registrars.address();
  p.spec.whois.addresses["whois.godaddy.com"] = registrars.address();
  testing::ScratchDir dir;
  auto c = store_with(dir, {"google.com", "digg.com"});
  auto log = std::make_shared<std::vector<std::string>>();
  CrawlOptions opt = testing::fast_options(log);
  opt.max_tasks = 1;
  CrawlSummary first = run_crawl(c, {p.spec}, opt);
  opt.max_tasks = -1;
  CrawlSummary second = run_crawl(c, {p.spec}, opt);
  CHECK(first.pages_stored + second.pages_stored == 2);
  CHECK(c.query_int("SELECT count(*) FROM pages") == 2);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'done'") == 2);
  CHECK(verisign.queries().size() == 2);
  CHECK(registrars.queries().size() == 2);
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE final_url = 'whois://whois.godaddy.com/digg.com'") == 1);
}
