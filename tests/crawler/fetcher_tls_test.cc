// TLS verification in the fetcher and the ca_file that trusts a private CA, against an HTTPS server
// on 127.0.0.1 whose CA and certificate the test makes (fetch_fixture.h).
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "crawler/classify.h"
#include "crawler/profile.h"
#include "db/frontier.h"
#include "tests/crawler/crawl_fixture.h"
#include "tests/crawler/fetch_fixture.h"
#include "util/error.h"

using namespace tradedig;
using tradedig::testing::fetch_one;
using tradedig::testing::get;

namespace {

// An HTTPS server presenting the test CA's server certificate; remembers every path it answered.
struct TlsSite {
  testing::ScratchDir dir;
  testing::TestCertificates certs = testing::make_test_certificates(dir);
  testing::RecordingServer server{
      [](const httplib::Request& req, httplib::Response& res) { res.set_content("secure " + req.path, "text/plain"); },
      std::make_unique<httplib::SSLServer>(certs.cert_file.c_str(), certs.key_file.c_str())};

  std::vector<std::string> paths() {
    std::vector<std::string> out;
    for (const auto& r : server.seen()) out.push_back(r.target);
    return out;
  }
  int port() const { return server.port(); }
  std::string url(const std::string& path) const { return server.base_url() + path; }
};

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("an HTTPS server whose CA nobody trusts is an error saying the certificate could not be verified",
          "[fetcher][tls]") {
  TlsSite site;
  crawler::Fetcher f(testing::loopback_fetcher_options());
  auto r = fetch_one(f, get(site.url("/page")));
  CHECK(r.curl_code == CURLE_PEER_FAILED_VERIFICATION);
  CHECK(r.status == 0);
  CHECK(r.http_version == 0);
  CHECK(crawler::classify(crawler::default_block_rules(), r) == crawler::Outcome::kError);
  CHECK_THAT(r.error, Catch::Contains("TLS certificate could not be verified"));
  // OpenSSL's reason: the server sent its own certificate, and its issuer (the test CA) is in no store.
  CHECK_THAT(r.error, Catch::Contains("unable to get local issuer certificate"));
  CHECK_THAT(r.error, Catch::Contains("ca_file"));
  CHECK(site.paths().empty());  // the handshake failed before any request was sent
}

TEST_CASE("the same HTTPS server is fetched once the transfer trusts the CA that signed its certificate",
          "[fetcher][tls]") {
  TlsSite site;
  crawler::Fetcher f(testing::loopback_fetcher_options());
  crawler::TransferSettings trust;
  trust.ca_file = site.certs.ca_file;
  auto r = fetch_one(f, get(site.url("/page")), trust);
  CHECK(r.curl_code == 0);
  CHECK(r.error.empty());
  CHECK(r.status == 200);
  CHECK(r.body == "secure /page");
  // httplib offers no HTTP/2 in ALPN, so the h2 the fetcher offers falls back to HTTP/1.1.
  CHECK(r.http_version == 11);
  CHECK(site.paths() == std::vector<std::string>{"/page"});
  // Trust is per transfer: the next one without the CA is refused again on the same fetcher.
  auto again = fetch_one(f, get(site.url("/again")));
  CHECK(again.curl_code == CURLE_PEER_FAILED_VERIFICATION);
  CHECK(site.paths().size() == 1);
}

TEST_CASE("a certificate from a trusted CA is refused for a host name it does not name", "[fetcher][tls]") {
  TlsSite site;
  const std::string port = std::to_string(site.port());
  auto opt = testing::loopback_fetcher_options();
  // Both names reach 127.0.0.1; the certificate names 127.0.0.1 and localhost, not wrong.test.
  opt.resolve = {"wrong.test:" + port + ":127.0.0.1", "localhost:" + port + ":127.0.0.1"};
  crawler::Fetcher f(opt);
  crawler::TransferSettings trust;
  trust.ca_file = site.certs.ca_file;
  auto named = fetch_one(f, get("https://localhost:" + port + "/named"), trust);
  CHECK(named.status == 200);
  auto wrong = fetch_one(f, get("https://wrong.test:" + port + "/wrong"), trust);
  CHECK(wrong.curl_code == CURLE_PEER_FAILED_VERIFICATION);
  CHECK_THAT(wrong.error, Catch::Contains("TLS certificate could not be verified"));
  CHECK_THAT(wrong.error, Catch::Contains("wrong.test"));
  CHECK(site.paths() == std::vector<std::string>{"/named"});
}

TEST_CASE("a crawl trusts the CA named by the profile's ca_file for robots.txt and pages, and only then",
          "[fetcher][tls]") {
  TlsSite site;
  const std::string profile = "name = \"tls\"\nurl = \"{base}/p/{query}\"\nbase_url = \"" + site.url("") + "\"\n";
  // Relative to the profile's folder, where make_test_certificates put ca.pem.
  auto with_ca = site.dir.write("with-ca.toml", profile + "ca_file = \"ca.pem\"\n");
  auto without = site.dir.write("without.toml", profile);

  auto spec = crawler::load_source_profile(with_ca);
  CHECK(spec.ca_file == site.certs.ca_file);
  spec.politeness.min_delay_s = 0;
  spec.politeness.autothrottle = false;
  auto log = std::make_shared<std::vector<std::string>>();
  auto opt = testing::fast_options(log);
  opt.max_wait_for_due_s = 1;
  {
    testing::ScratchDir store_dir;
    auto c = testing::store_with_tasks(store_dir, "tls", 3);
    auto summary = crawler::run_crawl(c, {spec}, opt);
    CHECK(summary.pages_stored == 3);
    CHECK(db::Frontier(c).count_tasks("tls", "done") == 3);
    auto paths = site.paths();
    CHECK(has(paths, "/robots.txt"));  // the engine's robots transfer carries the source's ca_file too
    CHECK(has(paths, "/p/0"));
    CHECK(has(paths, "/p/2"));
  }
  auto plain = crawler::load_source_profile(without);
  CHECK(plain.ca_file.empty());
  plain.politeness = spec.politeness;
  {
    testing::ScratchDir store_dir;
    auto c = testing::store_with_tasks(store_dir, "tls", 1);
    const size_t answered = site.paths().size();
    auto summary = crawler::run_crawl(c, {plain}, opt);
    CHECK(summary.pages_stored == 0);
    CHECK(db::Frontier(c).count_tasks("tls", "done") == 0);
    // robots.txt is asked first, fails verification three times, and the host counts as unreachable.
    CHECK(testing::log_has(*log, "TLS certificate could not be verified"));
    CHECK(site.paths().size() == answered);
  }
}

TEST_CASE("a profile whose ca_file does not exist is rejected when loaded, naming the file", "[fetcher][tls]") {
  testing::ScratchDir dir;
  auto p = dir.write("p.toml", "name = \"x\"\nurl = \"https://e.invalid/{query}\"\nca_file = \"" +
                                   dir.file("missing.pem") + "\"\n");
  CHECK_THROWS_AS(crawler::load_source_profile(p), UserError);
  CHECK_THROWS_WITH(crawler::load_source_profile(p), Catch::Contains("missing.pem") && Catch::Contains("p.toml"));
}
