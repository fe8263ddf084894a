// pipeline/run_config.h: reading tradedig.toml.
#include <catch2/catch.hpp>

#include "pipeline/run_config.h"
#include "tests/test_support.h"
#include "util/error.h"

using tradedig::UserError;
using tradedig::pipeline::load_run_config;
using tradedig::pipeline::QuerySource;
using tradedig::testing::ScratchDir;

namespace {

std::string message_of(const std::string& path) {
  try {
    load_run_config(path);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a minimal config takes the paper's defaults and resolves paths against its folder", "[run_config]") {
  ScratchDir d;
  auto cfg = load_run_config(d.write("t.toml", "[inputs]\nfirms = \"firms.csv\"\ncustoms = \"c.csv\"\n"));
  CHECK(cfg.firms == d.file("firms.csv"));
  REQUIRE(cfg.customs.size() == 1);  // a single string counts as a one-element list
  CHECK(cfg.customs[0] == d.file("c.csv"));
  CHECK(cfg.store == d.file("tradedig.db"));
  CHECK(cfg.report_out == d.file("report.html"));
  CHECK(cfg.first_year == 2002);
  CHECK(cfg.last_year == 2015);
  CHECK(cfg.crawl);
  CHECK(cfg.profiles_dir.empty());  // the shipped profiles
  REQUIRE(cfg.sources.size() == 7);
  CHECK(cfg.sources[0].name == "alibaba");
  CHECK(cfg.tables == std::vector<int>{1, 2, 3, 4, 5, 6, 7});
  CHECK(cfg.depvar == "QKL");
  CHECK(cfg.normalise_quality);
  CHECK(!cfg.match_accept);  // the matcher's own defaults
}

TEST_CASE("the match thresholds are read from [match] as probabilities", "[run_config]") {
  ScratchDir d;
  auto cfg = load_run_config(
      d.write("t.toml", "[inputs]\nfirms = \"f.csv\"\n[match]\naccept = 0.9\nen_accept = 1.0\nreview_below = 0.5\n"));
  REQUIRE(cfg.match_accept);
  CHECK(*cfg.match_accept == 0.9);
  CHECK(*cfg.match_en_accept == 1.0);
  CHECK(*cfg.match_review_below == 0.5);
  CHECK(!cfg.match_margin);
  CHECK(message_of(d.write("u.toml", "[inputs]\nfirms = \"f.csv\"\n[match]\naccept = 90\n"))
            .find("u.toml [match]: thresholds are probabilities in [0, 1]") != std::string::npos);
}

TEST_CASE("per-source settings override the profile and name their query source", "[run_config]") {
  ScratchDir d;
  d.write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  auto cfg = load_run_config(d.write("t.toml",
                                     "store = \"/tmp/x.db\"\n[inputs]\nfirms = \"f.csv\"\n"
                                     "[panel]\nfirst_year = 2005\nlast_year = 2007\n"
                                     "[crawl]\nsources = [\"alibaba\", \"mysite\"]\nbase_url = \"http://127.0.0.1:9\"\n"
                                     "retry_after_cap_s = 1\n"
                                     "[crawl.source.alibaba]\nmin_delay_s = 0.5\nmax_concurrency = 2\nproxy = \"socks5h://p:1\"\n"
                                     "cookie_file = \"jars/ali.txt\"\nca_file = \"ca.pem\"\n"
                                     "[crawl.source.mysite]\nplan = \"name_zh\"\n"
                                     "[quality]\nnormalise = false\nvariants = [\"QKL\"]\n[tables]\ntables = [2, 4]\n"));
  CHECK(cfg.store == "/tmp/x.db");  // absolute paths stay
  CHECK(cfg.first_year == 2005);
  CHECK(cfg.last_year == 2007);
  REQUIRE(cfg.sources.size() == 2);
  CHECK(cfg.sources[0].min_delay_s == 0.5);
  CHECK(cfg.sources[0].max_concurrency == 2);
  CHECK(cfg.sources[0].proxy == "socks5h://p:1");
  CHECK(cfg.sources[0].cookie_file == d.file("jars/ali.txt"));  // beside the config, like its other files
  CHECK(cfg.sources[0].ca_file == d.file("ca.pem"));
  CHECK(!cfg.sources[0].plan);  // alibaba's default (English names)
  CHECK(cfg.sources[1].plan == QuerySource::kNameZh);
  CHECK(cfg.base_url == "http://127.0.0.1:9");
  CHECK(cfg.retry_after_cap_s == 1);
  CHECK_FALSE(cfg.normalise_quality);
  CHECK(cfg.tables == std::vector<int>{2, 4});
}

TEST_CASE("config mistakes are refused with the file, the table and the key", "[run_config]") {
  ScratchDir d;
  CHECK(message_of(d.write("a.toml", "[inputs]\ncustoms = \"c.csv\"\n")).find("firms = \"FILE\" is required") !=
        std::string::npos);
  std::string m = message_of(d.write("b.toml", "[inputs]\nfirms = \"f.csv\"\n[crawl]\nmax_in_fligth = 3\n"));
  CHECK(m.find("b.toml [crawl]: unknown key 'max_in_fligth'") != std::string::npos);
  m = message_of(d.write("c.toml", "[inputs]\nfirms = \"f.csv\"\n[crawl]\nsources = [\"mysite\"]\n"));
  CHECK(m.find("source \"mysite\" needs plan") != std::string::npos);
  m = message_of(d.write("e.toml", "[inputs]\nfirms = \"f.csv\"\n[crawl.source.alibaba]\nplan = \"phone\"\n"));
  CHECK(m.find("plan = \"phone\" is not one of") != std::string::npos);
  m = message_of(d.write("f.toml", "[inputs]\nfirms = \"f.csv\"\n[tables]\ntables = [8]\n"));
  CHECK(m.find("tables are numbered 1-7, not 8") != std::string::npos);
  m = message_of(d.write("g.toml", "[inputs]\nfirms = \"f.csv\"\n[panel]\nfirst_year = 2015\nlast_year = 2002\n"));
  CHECK(m.find("not a panel") != std::string::npos);
  m = message_of(d.write("h.toml", "[inputs\nfirms = 1\n"));
  CHECK(m.find("h.toml:1:") != std::string::npos);
}
