#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "crawler/fetcher.h"
#include "crawler/replay_server.h"
#include "tests/crawler/fetch_fixture.h"

using namespace tradedig::crawler;
using tradedig::testing::get;
using tradedig::testing::wait_all;

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
