// What the fetcher does on the wire besides fetching: compressed bodies, a source's proxy and its
// cookie file, against httplib servers on 127.0.0.1 that record what they received.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tests/crawler/fetch_fixture.h"

using namespace tradedig;
using tradedig::testing::fetch_one;
using tradedig::testing::get;

using tradedig::testing::RecordingServer;

namespace {

// httplib's own encoders (the ones its server uses), so the test needs no second zlib/brotli binding.
std::string encode(httplib::detail::compressor&& c, const std::string& text) {
  std::string out;
  bool ok = c.compress(text.data(), text.size(), true, [&out](const char* d, size_t n) {
    out.append(d, n);
    return true;
  });
  if (!ok) throw std::runtime_error("test: compression failed");
  return out;
}

// A listing page of 300 near-identical rows: ~20 KB that compresses well, as real listings do.
std::string listing_page() {
  std::string html = "<html><body><table>\n";
  for (int i = 0; i < 300; ++i)
    html += "<tr><td>Shenzhen Example Electronics Co., Ltd. " + std::to_string(i) +
            "</td><td>Gold Supplier</td></tr>\n";
  return html + "</table></body></html>\n";
}

}  // namespace

TEST_CASE("gzip and brotli bodies come back decoded, and every encoding is offered", "[fetcher][encoding]") {
  const std::string page = listing_page();
  const std::string gzip = encode(httplib::detail::gzip_compressor(), page);
  const std::string br = encode(httplib::detail::brotli_compressor(), page);
  // The wire bytes differ from the page and from each other, so a passed-through body cannot match.
  REQUIRE(gzip.size() < page.size() / 4);
  REQUIRE(br.size() < page.size() / 4);
  REQUIRE(gzip != br);
  RecordingServer site([&](const httplib::Request& req, httplib::Response& res) {
    const bool is_br = req.path == "/br";
    res.set_header("Content-Encoding", is_br ? "br" : "gzip");
    // Not a text/* type: httplib compresses text bodies itself, which would encode them twice.
    res.set_content(is_br ? br : gzip, "application/octet-stream");
  });
  crawler::Fetcher f(testing::loopback_fetcher_options());
  for (const std::string& path : std::vector<std::string>{"/gzip", "/br"}) {
    INFO(path);
    auto r = fetch_one(f, get(site.base_url() + path));
    CHECK(r.status == 200);
    CHECK(r.header("content-encoding") == path.substr(1));
    CHECK(r.body.size() == page.size());
    CHECK(r.body == page);
  }
  auto seen = site.seen();
  REQUIRE(seen.size() == 2);
  for (const auto& s : seen) {
    CHECK_THAT(s.accept_encoding, Catch::Contains("gzip"));
    CHECK_THAT(s.accept_encoding, Catch::Contains("deflate"));
    CHECK_THAT(s.accept_encoding, Catch::Contains("br"));
  }
}

TEST_CASE("a transfer given a proxy asks the proxy for the absolute URL; one without goes to the site",
          "[fetcher][proxy]") {
  auto answer = [](const char* who) {
    return [who](const httplib::Request&, httplib::Response& res) { res.set_content(who, "text/plain"); };
  };
  RecordingServer origin(answer("origin"));
  RecordingServer proxy(answer("proxy"));
  crawler::Fetcher f(testing::loopback_fetcher_options());
  crawler::TransferSettings via;
  via.proxy = proxy.base_url();
  const std::string host = origin.base_url().substr(std::string("http://").size());

  auto proxied = fetch_one(f, get(origin.base_url() + "/search?q=1"), via);
  CHECK(proxied.status == 200);
  CHECK(proxied.body == "proxy");
  // A name no resolver knows: only the proxy is asked for it, the fetcher resolves nothing itself.
  auto unresolvable = fetch_one(f, get("http://supplier.invalid/page"), via);
  CHECK(unresolvable.body == "proxy");
  // Same fetcher, no proxy: straight to the site, not over the proxy connection it kept open.
  auto direct = fetch_one(f, get(origin.base_url() + "/search?q=2"));
  CHECK(direct.body == "origin");

  auto at_proxy = proxy.seen();
  REQUIRE(at_proxy.size() == 2);
  CHECK(at_proxy[0].target == origin.base_url() + "/search?q=1");
  CHECK(at_proxy[0].host == host);
  CHECK(at_proxy[1].target == "http://supplier.invalid/page");
  CHECK(at_proxy[1].host == "supplier.invalid");
  auto at_origin = origin.seen();
  REQUIRE(at_origin.size() == 1);
  CHECK(at_origin[0].target == "/search?q=2");
}

namespace {

// Sets environment variables for one test and puts the old values back.
class EnvGuard {
 public:
  void set(const char* name, const std::string& value) {
    const char* old = std::getenv(name);
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    ::setenv(name, value.c_str(), 1);
  }
  ~EnvGuard() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) ::setenv(it->first, it->second->c_str(), 1);
      else ::unsetenv(it->first);
    }
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

}  // namespace

TEST_CASE("the environment's proxy is followed except to loopback hosts; a source's own proxy or \"none\" wins",
          "[fetcher][proxy]") {
  auto answer = [](const char* who) {
    return [who](const httplib::Request&, httplib::Response& res) { res.set_content(who, "text/plain"); };
  };
  RecordingServer origin(answer("origin"));
  RecordingServer proxy(answer("proxy"));
  EnvGuard env;
  for (const char* v : {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) env.set(v, "");
  env.set("http_proxy", proxy.base_url());
  env.set("no_proxy", "supplier.invalid");
  env.set("NO_PROXY", "");
  CHECK(crawler::environment_proxy() == "http_proxy=" + proxy.base_url() + ", no_proxy=supplier.invalid");
  crawler::Fetcher f(testing::loopback_fetcher_options());  // reads no_proxy when made

  // The replay server and local mirrors are on loopback: never sent to the environment's proxy.
  CHECK(fetch_one(f, get(origin.base_url() + "/a")).body == "origin");
  // Another host goes over the environment's proxy, unless no_proxy names it.
  CHECK(fetch_one(f, get("http://other.invalid/b")).body == "proxy");
  auto bypassed = fetch_one(f, get("http://supplier.invalid/c"));
  CHECK(bypassed.status == 0);  // direct: the name does not resolve
  // "none": direct whatever the environment says.
  crawler::TransferSettings direct;
  direct.proxy = "none";
  CHECK(fetch_one(f, get("http://other.invalid/d"), direct).status == 0);
  // The source's own proxy carries every request, no_proxy notwithstanding, loopback included.
  crawler::TransferSettings via;
  via.proxy = proxy.base_url();
  CHECK(fetch_one(f, get("http://supplier.invalid/e"), via).body == "proxy");
  CHECK(fetch_one(f, get(origin.base_url() + "/f"), via).body == "proxy");

  auto at_proxy = proxy.seen();
  REQUIRE(at_proxy.size() == 3);
  CHECK(at_proxy[0].target == "http://other.invalid/b");
  CHECK(at_proxy[1].target == "http://supplier.invalid/e");
  CHECK(at_proxy[2].target == origin.base_url() + "/f");
  REQUIRE(origin.seen().size() == 1);
}

TEST_CASE("a proxy URL is logged without its credentials", "[fetcher][proxy]") {
  CHECK(crawler::proxy_for_log("http://user:secret@10.0.0.1:8080") == "http://***@10.0.0.1:8080");
  CHECK(crawler::proxy_for_log("socks5h://127.0.0.1:1080") == "socks5h://127.0.0.1:1080");
  CHECK(crawler::proxy_for_log("http://proxy.example/path@x") == "http://proxy.example/path@x");
  CHECK(crawler::proxy_for_log("user:pw@proxy:3128") == "***@proxy:3128");
}

TEST_CASE("a transfer's cookie file is sent as a Cookie header and updated with the cookies the site sets",
          "[fetcher][cookies]") {
  RecordingServer site([](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", "seen=yes; Path=/; Max-Age=3600");
    res.set_content("ok", "text/plain");
  });
  testing::ScratchDir dir;
  // Netscape format: domain, include subdomains, path, secure, expiry (2100-01-01), name, value.
  const std::string jar = dir.write("cookies.txt", "# Netscape HTTP Cookie File\n"
                                                   "127.0.0.1\tFALSE\t/\tFALSE\t4102444800\tsession\tabc123\n");
  crawler::Fetcher f(testing::loopback_fetcher_options());
  crawler::TransferSettings with;
  with.cookie_file = jar;

  CHECK(fetch_one(f, get(site.base_url() + "/a"), with).status == 200);
  // The jar is written back when the transfer ends: the site's cookie joins the one that was there.
  const std::string written = testing::read_file(jar);
  CHECK_THAT(written, Catch::Contains("\tsession\tabc123"));
  CHECK_THAT(written, Catch::Contains("\tseen\tyes"));
  CHECK(fetch_one(f, get(site.base_url() + "/b")).status == 200);  // a source without a cookie file
  CHECK(fetch_one(f, get(site.base_url() + "/c"), with).status == 200);

  auto seen = site.seen();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].cookie == "session=abc123");
  CHECK(seen[1].cookie.empty());  // cookies stay with their source
  CHECK_THAT(seen[2].cookie, Catch::Contains("session=abc123") && Catch::Contains("seen=yes"));
}
