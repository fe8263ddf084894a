#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "crawler/fetcher.h"
#include "crawler/replay_server.h"

using namespace tradedig::crawler;

namespace {
FetchRequest get(const std::string& url) {
  FetchRequest r;
  r.url = url;
  return r;
}

// Drives the fetcher until every started transfer is back (10 s at most).
std::vector<std::pair<uint64_t, FetchResult>> wait_all(Fetcher& f) {
  std::vector<std::pair<uint64_t, FetchResult>> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (f.in_flight() && std::chrono::steady_clock::now() < deadline)
    for (auto& r : f.poll(50)) out.push_back(std::move(r));
  return out;
}
}  // namespace

TEST_CASE("a recycled body buffer carries nothing of the page it held into the next transfer") {
  ReplayServer srv;
  srv.set_synthetic("/big/", 200000);
  srv.add_page("/small", "tiny page");
  srv.start();
  FetcherOptions opt;
  opt.user_agent = "tradedig-test/1.0";
  Fetcher f(opt);
  f.start(1, get(srv.base_url() + "/big/1"));
  auto first = wait_all(f);
  REQUIRE(first.size() == 1);
  CHECK(first[0].second.body == synthetic_body("/big/1", 200000));
  f.recycle(std::move(first[0].second.body));
  // The small page and a second big one (sized from its Content-Length) both come back whole.
  f.start(2, get(srv.base_url() + "/small"));
  f.start(3, get(srv.base_url() + "/big/2"));
  auto next = wait_all(f);
  REQUIRE(next.size() == 2);
  for (auto& [id, r] : next) {
    CHECK(r.status == 200);
    if (id == 2) CHECK(r.body == "tiny page");
    else CHECK(r.body == synthetic_body("/big/2", 200000));
  }
}
