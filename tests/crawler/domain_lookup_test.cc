// Domain look-ups end to end: the public suffix list picks the registrable domain, the IANA-format
// bootstrap picks RDAP or WHOIS, and real corpus replies (../shared/data/whois, ../shared/data/rdap)
// served on loopback come back through the whois/rdap adapters with distinct outcomes.
#include <catch2/catch.hpp>

#include <filesystem>

#include "crawler/domain_lookup.h"
#include "crawler/replay_server.h"
#include "crawler/whois_client.h"
#include "crawler/whois_replay_server.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::crawler;

namespace {

const std::string kLikexian = "data/whois/likexian/testdata/";
const std::string kBootstrap = std::string(TRADEDIG_SAMPLE_DIR) + "/../profiles/rdap_bootstrap.json";

// The Debian list when installed; the tests that need it say so when it is absent.
bool have_debian_psl() { return std::filesystem::exists(kDefaultPublicSuffixPath); }

// A config with the Debian suffix list, the given bootstrap and the default WHOIS servers.
DomainLookupConfig config_with(RdapBootstrap bootstrap) {
  return {PublicSuffixList::load(), std::move(bootstrap), default_whois_servers()};
}

RdapBootstrap empty_bootstrap() { return RdapBootstrap::parse(R"({"version":"1.0","services":[]})"); }

DomainLookupOptions quick_options() {
  DomainLookupOptions o;
  o.whois.connect_timeout_s = 5;
  o.whois.total_timeout_s = 10;
  o.http_timeout_s = 10;
  return o;
}

}  // namespace

TEST_CASE("the registrable domain is read off the public suffix list", "[domain_lookup]") {
  if (!have_debian_psl()) FAIL("install Debian's publicsuffix package (scripts/install-deps.sh)");
  PublicSuffixList psl = PublicSuffixList::load();
  CHECK(psl.registrable_domain("www.sina.com.cn") == "sina.com.cn");
  CHECK(psl.public_suffix("www.sina.com.cn") == "com.cn");
  CHECK(psl.registrable_domain("https://news.sina.com.cn:443/a/b?x=1") == "sina.com.cn");
  CHECK(psl.registrable_domain("GOOGLE.CN.") == "google.cn");
  CHECK(psl.registrable_domain("a.b.example.co.uk") == "example.co.uk");
  // Private-section suffixes are not registries: foo.blogspot.com is looked up as blogspot.com.
  CHECK(psl.registrable_domain("foo.blogspot.com") == "blogspot.com");
  CHECK_FALSE(psl.registrable_domain("com.cn").has_value());
  CHECK_FALSE(psl.registrable_domain("127.0.0.1").has_value());
  CHECK_FALSE(psl.registrable_domain("").has_value());
}

TEST_CASE("wildcard and exception rules follow the public suffix algorithm", "[domain_lookup]") {
  // The examples of publicsuffix.org's format page: *.ck with !www.ck.
  PublicSuffixList psl = PublicSuffixList::parse("// comment\nck\n*.ck\n!www.ck\ncom\n");
  CHECK(psl.public_suffix("b.test.ck") == "test.ck");
  CHECK(psl.registrable_domain("a.b.test.ck") == "b.test.ck");
  CHECK(psl.public_suffix("www.ck") == "ck");
  CHECK(psl.registrable_domain("www.ck") == "www.ck");
  CHECK_FALSE(psl.registrable_domain("test.ck").has_value());
  // An unlisted TLD falls to the implicit "*" rule.
  CHECK(psl.registrable_domain("x.example.zz") == "example.zz");
}

TEST_CASE("a missing public suffix list names the Debian package", "[domain_lookup]") {
  try {
    PublicSuffixList::load("/nonexistent/public_suffix_list.dat");
    FAIL("no error");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()).find("publicsuffix") != std::string::npos);
  }
}

TEST_CASE("RDAP bootstrap files in IANA's format are read and bad ones rejected", "[domain_lookup]") {
  RdapBootstrap shipped = RdapBootstrap::load(kBootstrap);
  CHECK(shipped.servers_for("google.com") == std::vector<std::string>{"https://rdap.verisign.com/com/v1/"});
  CHECK(shipped.servers_for("sina.com.cn").empty());
  // openrdap's 2017 test copy of dns.json: three ccTLDs.
  RdapBootstrap openrdap = RdapBootstrap::load(testing::shared_path("data/rdap/test/testdata/bootstrap/dns.json"));
  CHECK(openrdap.servers_for("example.cz") == std::vector<std::string>{"https://rdap.nic.cz"});
  CHECK(openrdap.servers_for("example.com").empty());
  const std::string malformed = testing::shared_path("data/rdap/test/testdata/bootstrap_malformed/");
  for (const char* bad : {"dns_bad_services.json", "dns_syntax_error.json", "dns_bad_url.json", "dns_empty.json"})
    CHECK_THROWS_AS(RdapBootstrap::load(malformed + bad), UserError);
}

TEST_CASE("gTLDs are planned over RDAP and .cn / .com.cn over CNNIC WHOIS", "[domain_lookup]") {
  if (!have_debian_psl()) FAIL("install Debian's publicsuffix package (scripts/install-deps.sh)");
  DomainLookupConfig cfg = DomainLookupConfig::load(kBootstrap);
  DomainLookupPlan com = plan_domain_lookup("https://www.google.com/search?q=x", cfg);
  CHECK(com.domain == "google.com");
  CHECK(com.method == DomainLookupPlan::Method::kRdap);
  CHECK(com.rdap_url == "https://rdap.verisign.com/com/v1/domain/google.com");
  CHECK(com.whois_server == "whois.verisign-grs.com");  // the fallback
  DomainLookupPlan comcn = plan_domain_lookup("www.sina.com.cn", cfg);
  CHECK(comcn.domain == "sina.com.cn");
  CHECK(comcn.suffix == "com.cn");
  CHECK(comcn.method == DomainLookupPlan::Method::kWhois);
  CHECK(comcn.whois_server == "whois.cnnic.cn");
  CHECK(plan_domain_lookup("google.cn", cfg).whois_server == "whois.cnnic.cn");
  DomainLookupPlan ip = plan_domain_lookup("http://10.1.2.3/", cfg);
  CHECK(ip.method == DomainLookupPlan::Method::kNone);
  CHECK(ip.why.find("IP address") != std::string::npos);
  CHECK(plan_domain_lookup("example.zz", cfg).method == DomainLookupPlan::Method::kNone);
}

TEST_CASE("a CNNIC reply over port 43 is found, not found or rate-limited, never confused", "[domain_lookup]") {
  if (!have_debian_psl()) FAIL("install Debian's publicsuffix package (scripts/install-deps.sh)");
  WhoisReplayServer cnnic(testing::shared_path(kLikexian + "noterror"), "{tld}_{query}");
  const std::string unregistered = "likexian-have-no-money-to-register.cn";
  cnnic.add_reply(unregistered, testing::read_file(testing::shared_path(kLikexian + "notfound/cn_" + unregistered)));
  cnnic.start();
  DomainLookupConfig cfg = config_with(empty_bootstrap());
  DomainLookupOptions opt = quick_options();
  opt.whois.server_addresses["whois.cnnic.cn"] = cnnic.address();

  DomainLookupResult found = lookup_domain(plan_domain_lookup("http://www.google.cn/", cfg), opt);
  REQUIRE(found.outcome == DomainOutcome::kFound);
  CHECK(found.via == "whois");
  REQUIRE(found.extraction.domains.size() == 1);
  const DomainFact& f = found.extraction.domains[0];
  // cn_google.cn: "Registration Time: 2003-03-17 12:20:05", Beijing time (SOURCES.md §0.2).
  CHECK(f.domain == "google.cn");
  CHECK(f.registered_on == "2003-03-17");
  CHECK(f.registered_utc == "2003-03-17T04:20:05Z");
  CHECK(f.registrar == "厦门易名科技股份有限公司");
  CHECK(f.via == "whois");

  DomainLookupResult missing = lookup_domain(plan_domain_lookup(unregistered, cfg), opt);
  CHECK(missing.outcome == DomainOutcome::kNotFound);  // "No matching record."

  cnnic.rate_limit_after(0, "Your connection limit exceeded. Please slow down and try again later.\r\n");
  DomainLookupResult limited = lookup_domain(plan_domain_lookup("apple.cn", cfg), opt);
  CHECK(limited.outcome == DomainOutcome::kRateLimited);
  CHECK(cnnic.queries() == std::vector<std::string>{"google.cn", unregistered, "apple.cn"});
}

TEST_CASE("a thin .com registry reply is followed once to the registrar's WHOIS server", "[domain_lookup]") {
  if (!have_debian_psl()) FAIL("install Debian's publicsuffix package (scripts/install-deps.sh)");
  // Registry: Verisign's 2008 thin reply, look-alike records first (richardpenman samples/whois/
  // google.com); registrar: MarkMonitor's reply (likexian com_google.com).
  WhoisReplayServer registry(testing::shared_path("data/whois/richardpenman/test/samples/whois"), "{query}");
  WhoisReplayServer registrar(testing::shared_path(kLikexian + "noterror"), "{tld}_{query}");
  registry.start();
  registrar.start();
  const std::string thin = testing::read_file(
      testing::shared_path("data/whois/richardpenman/test/samples/whois/google.com"));
  CHECK(whois_referral(thin, "google.com") == "whois.markmonitor.com");
  DomainLookupConfig cfg = config_with(empty_bootstrap());  // no RDAP: .com goes to WHOIS
  DomainLookupOptions opt = quick_options();
  opt.whois.server_addresses["whois.verisign-grs.com"] = registry.address();
  opt.whois.server_addresses["whois.markmonitor.com"] = registrar.address();
  DomainLookupResult r = lookup_domain(plan_domain_lookup("www.google.com", cfg), opt);
  REQUIRE(r.outcome == DomainOutcome::kFound);
  CHECK(registry.queries() == std::vector<std::string>{"google.com"});
  CHECK(registrar.queries() == std::vector<std::string>{"google.com"});
  CHECK(r.server == "whois.markmonitor.com");
  CHECK(r.trail.size() == 2);
  // The registry's "Creation Date: 15-sep-1997" and the registrar's 1997-09-15T00:00:00-0700 agree.
  CHECK(r.extraction.domains.at(0).registered_on == "1997-09-15");
  // The registrar of google.com's own record, not of the look-alike records listed before it.
  CHECK(r.extraction.domains.at(0).registrar == "MARKMONITOR INC.");

  // A registrar that is down costs nothing: the registry's record still answers.
  registrar.stop();
  DomainLookupResult alone = lookup_domain(plan_domain_lookup("google.com", cfg), opt);
  CHECK(alone.outcome == DomainOutcome::kFound);
  CHECK(alone.server == "whois.verisign-grs.com");
  CHECK(alone.extraction.domains.at(0).registered_on == "1997-09-15");
}

TEST_CASE("a WHOIS server that refuses the connection is an error, not a missing domain", "[domain_lookup]") {
  if (!have_debian_psl()) FAIL("install Debian's publicsuffix package (scripts/install-deps.sh)");
  WhoisReplayServer gone;
  gone.start();
  const std::string address = gone.address();
  gone.stop();  // the port is now closed
  DomainLookupConfig cfg = config_with(empty_bootstrap());
  DomainLookupOptions opt = quick_options();
  opt.whois.server_addresses["whois.cnnic.cn"] = address;
  DomainLookupResult r = lookup_domain(plan_domain_lookup("google.cn", cfg), opt);
  CHECK(r.outcome == DomainOutcome::kError);
  CHECK(r.error.find("whois.cnnic.cn") != std::string::npos);
}

TEST_CASE("an RDAP server found through the bootstrap answers found, not found and rate-limited",
          "[domain_lookup]") {
  if (!have_debian_psl()) FAIL("install Debian's publicsuffix package (scripts/install-deps.sh)");
  ReplayServer rdap;
  const std::string cz = "data/rdap/test/testdata/rdap/rdap.nic.cz/domain-example.cz.json";
  rdap.add_page("/domain/example.cz", testing::read_file(testing::shared_path(cz)), "application/rdap+json");
  rdap.add_page("/domain/busy.cz", R"({"errorCode":429,"title":"rate limit"})", "application/rdap+json");
  rdap.start();
  RdapBootstrap bootstrap = RdapBootstrap::load(testing::shared_path("data/rdap/test/testdata/bootstrap/dns.json"));
  bootstrap.redirect_all(rdap.base_url() + "/");
  DomainLookupConfig cfg = config_with(std::move(bootstrap));
  DomainLookupOptions opt = quick_options();

  DomainLookupPlan plan = plan_domain_lookup("https://www.example.cz/", cfg);
  REQUIRE(plan.method == DomainLookupPlan::Method::kRdap);
  DomainLookupResult found = lookup_domain(plan, opt);
  REQUIRE(found.outcome == DomainOutcome::kFound);
  CHECK(found.via == "rdap");
  CHECK(found.http_status == 200);
  // domain-example.cz.json: registration "2004-08-30T22:55:00+00:00" (data/rdap/README.txt).
  CHECK(found.extraction.domains.at(0).registered_on == "2004-08-30");
  CHECK(found.extraction.domains.at(0).registered_utc == "2004-08-30T22:55:00Z");
  CHECK(found.extraction.domains.at(0).via == "rdap");

  // The replay server answers 404 with an HTML body for a path it does not hold.
  CHECK(lookup_domain(plan_domain_lookup("nosuch.cz", cfg), opt).outcome == DomainOutcome::kNotFound);
  CHECK(lookup_domain(plan_domain_lookup("busy.cz", cfg), opt).outcome == DomainOutcome::kRateLimited);
}

TEST_CASE("an RDAP server that cannot be reached falls back to WHOIS", "[domain_lookup]") {
  if (!have_debian_psl()) FAIL("install Debian's publicsuffix package (scripts/install-deps.sh)");
  WhoisReplayServer gone;
  gone.start();
  const std::string closed = gone.address();
  gone.stop();
  WhoisReplayServer registrar(testing::shared_path(kLikexian + "noterror"), "{tld}_{query}");
  registrar.start();
  RdapBootstrap bootstrap = RdapBootstrap::parse(
      R"({"version":"1.0","services":[[["com"],["http://)" + closed + R"(/"]]]})");
  DomainLookupConfig cfg = config_with(std::move(bootstrap));
  DomainLookupOptions opt = quick_options();
  opt.follow_referral = false;
  opt.whois.server_addresses["whois.verisign-grs.com"] = registrar.address();
  DomainLookupResult r = lookup_domain(plan_domain_lookup("google.com", cfg), opt);
  CHECK(r.outcome == DomainOutcome::kFound);
  CHECK(r.via == "whois");
  CHECK(r.trail.size() == 3);  // rdap failed, the fallback note, the WHOIS query
}
