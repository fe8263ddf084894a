#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "crawler/adapter_profile.h"
#include "crawler/classify.h"
#include "crawler/extract.h"
#include "crawler/replay_server.h"
#include "db/import.h"
#include "db/schema.h"
#include "measure/estimate.h"
#include "pipeline/demo_world.h"
#include "tests/test_support.h"
#include "util/progress.h"

// After Eigen (measure/estimate.h): httplib pulls in <resolv.h>, whose `_res` macro breaks Eigen's headers.
#include <httplib.h>

using namespace tradedig;
using pipeline::DemoFirm;
using pipeline::DemoQuery;
using pipeline::DemoWorld;

namespace {

struct Quiet {
  Quiet() { Progress::set_enabled(false); }
};
const Quiet quiet;

const std::string kProfiles = std::string(TRADEDIG_SAMPLE_DIR) + "/../profiles";

pipeline::DemoWorldOptions small_world(uint64_t seed = 7, int64_t firms = 300) {
  pipeline::DemoWorldOptions o;
  o.firms_path = std::string(TRADEDIG_SAMPLE_DIR) + "/firms_astock_2021.csv";
  o.profiles_dir = kProfiles;
  o.seed = seed;
  o.firms_limit = firms;
  o.observe_year = 2026;
  return o;
}

// One world shared by the tests that only read it (generation takes a moment).
const DemoWorld& world() {
  static const DemoWorld w = pipeline::generate_demo_world(small_world());
  return w;
}

const std::map<std::string, std::string> kProfileFile = {{"alibaba", "alibaba.toml"}, {"made-in-china", "made_in_china.toml"},
                                                         {"made-in-china-showroom", "made_in_china.toml"},
                                                         {"1688", "1688.toml"},       {"icp", "icp.toml"},
                                                         {"whois", "whois.toml"},     {"rdap", "rdap.toml"}};

const crawler::AdapterProfile& profile(const std::string& source) {
  static std::map<std::string, crawler::AdapterProfile> cache;
  auto it = cache.find(source);
  if (it == cache.end())
    it = cache.emplace(source, crawler::load_adapter_profile(kProfiles + "/" + kProfileFile.at(source), "http://127.0.0.1:1,whois://127.0.0.1:1"))
             .first;
  return it->second;
}

// The page of a query as the engine stores it: fetched in the world's observation year.
crawler::Extraction extract(const DemoQuery& q) {
  crawler::StoredPage p;
  p.page_id = 1;
  p.source = q.source;
  p.query = q.query;
  p.url = "http://127.0.0.1:1" + q.path;
  p.outcome = "ok";
  p.status = 200;
  p.fetched_at = "2026-06-15T10:00:00.000Z";
  p.headers = {{"content-type", "text/html; charset=utf-8"}};  // what the replay server says for every page
  p.body = world().pages.at(q.path);
  return crawler::extract_page(profile(q.source).extract, p);
}

const DemoFirm& firm(const std::string& id) {
  for (const auto& f : world().firms)
    if (f.firm_id == id) return f;
  FAIL("no firm " << id);
  return world().firms.front();
}

}  // namespace

TEST_CASE("the demo world is the same for the same seed and differs for another", "[demo_world]") {
  DemoWorld again = pipeline::generate_demo_world(small_world());
  REQUIRE(again.firms.size() == world().firms.size());
  CHECK(again.pages == world().pages);
  for (size_t i = 0; i < again.firms.size(); ++i) {
    CHECK(again.firms[i].pit_year() == world().firms[i].pit_year());
    CHECK(again.firms[i].domain == world().firms[i].domain);
  }
  DemoWorld other = pipeline::generate_demo_world(small_world(8));
  CHECK(other.pages != world().pages);
}

TEST_CASE("a firm's world does not depend on how many firms are generated", "[demo_world]") {
  DemoWorld fewer = pipeline::generate_demo_world(small_world(7, 100));
  REQUIRE(fewer.firms.size() == 100);
  for (const auto& f : fewer.firms) {
    const DemoFirm& g = firm(f.firm_id);
    CHECK(f.alibaba_year == g.alibaba_year);
    CHECK(f.pdo_year == g.pdo_year);
    CHECK(f.domain_year == g.domain_year);
    CHECK(f.name_en_shown == g.name_en_shown);
  }
}

TEST_CASE("the demo world has adopters of every channel, never-adopters and every kind of noise", "[demo_world]") {
  int pit = 0, pdo = 0, icp = 0, none = 0;
  for (const auto& f : world().firms) {
    pit += f.pit_year() > 0 && f.pit_year() <= 2015;
    pdo += f.pdo_year > 0 && f.pdo_year <= 2015;
    icp += f.icp_year() > 0 && f.icp_year() <= 2015;
    none += !f.pit_year() && !f.pdo_year && !f.icp_year();
  }
  const int n = static_cast<int>(world().firms.size());
  CHECK(pit > n / 20);
  CHECK(pdo > n / 20);
  CHECK(icp > n / 5);
  CHECK(none > n / 20);
  std::map<std::string, int> expect;
  int first_429 = 0;
  for (const auto& q : world().queries) {
    ++expect[q.expect];
    first_429 += q.first_429;
  }
  CHECK(expect["hit"] > 0);
  CHECK(expect["decoys"] > 0);
  CHECK(expect["miss"] > 0);
  CHECK(expect["blocked"] > 0);
  CHECK(expect["listed"] > 0);
  CHECK(first_429 > 0);
}

TEST_CASE("each hit page yields the planted membership years, ICP filing and domain date through its adapter",
          "[demo_world]") {
  int checked = 0, licence_years = 0;
  for (const auto& q : world().queries) {
    if (q.expect != "hit" || q.firm_id.empty()) continue;
    const DemoFirm& f = firm(q.firm_id);
    auto ex = extract(q);
    INFO(q.source << " " << q.path);
    REQUIRE(ex.verdict == crawler::PageVerdict::kFound);
    if (q.source == "alibaba" || q.source == "1688" || q.source == "made-in-china") {
      const std::string& shown = q.source == "1688" ? f.name_zh : f.name_en_shown;
      int found = 0;
      for (const auto& m : ex.memberships) {
        if (m.entity_name != shown) continue;
        ++found;
        if (q.source == "alibaba") {
          REQUIRE(m.years_on_platform);
          CHECK(2026 - *m.years_on_platform == f.alibaba_year);
          CHECK(m.badge.find("gold_supplier") == 0);
        } else if (q.source == "1688") {
          REQUIRE(m.years_on_platform);
          CHECK(2026 - *m.years_on_platform == f.pdo_year);
          CHECK(m.badge.find("chengxintong") == 0);
        } else {
          CHECK((m.badge.find("gold_member") == 0 || m.badge.find("diamond_member") == 0));
        }
      }
      CHECK(found == 1);
    } else if (q.source == "made-in-china-showroom") {
      REQUIRE(ex.memberships.size() == 1);
      CHECK(ex.memberships[0].member_since == f.mic_year);
    } else if (q.source == "icp") {
      int found = 0;
      for (const auto& r : ex.icp)
        if (r.entity_name == f.name_zh) {
          ++found;
          CHECK(r.domain == f.domain);
          // The licence number encodes the filing year; crawler/icp_licence.cc reads it for the
          // province abbreviations it knows (not yet 黔 and 滇).
          if (r.licence_year) {
            CHECK(*r.licence_year == f.icp_filing_year);
            ++licence_years;
          }
          // updateRecordTime is the latest approval: never before the first filing.
          CHECK(std::stoi(r.approved_at.substr(0, 4)) >= f.icp_filing_year);
        }
      CHECK(found == 1);
    } else {
      REQUIRE(ex.domains.size() == 1);
      CHECK(ex.domains[0].domain == f.domain);
      CHECK(ex.domains[0].via == q.source);
      CHECK(std::stoi(ex.domains[0].registered_on.substr(0, 4)) == f.domain_year);
    }
    ++checked;
  }
  CHECK(checked > 300);
  CHECK(licence_years > 50);
}

TEST_CASE("sponsored entries are skipped and decoy pages never show the queried firm as a member", "[demo_world]") {
  int sponsored_pages = 0;
  for (const auto& q : world().queries) {
    if (q.source != "alibaba" && q.source != "made-in-china") continue;
    if (q.expect != "hit" && q.expect != "decoys") continue;
    const std::string& body = world().pages.at(q.path);
    bool has_ad = body.find("Top sponsor listing") != std::string::npos || body.find("ads_srv_tp:ad_enhance") != std::string::npos;
    auto ex = extract(q);
    if (has_ad) {
      ++sponsored_pages;
      bool noted = false;
      for (const auto& n : ex.notes) noted |= n.find("sponsored") != std::string::npos;
      CHECK(noted);
    }
    if (q.expect == "decoys")
      for (const auto& m : ex.memberships) CHECK(m.entity_name != firm(q.firm_id).name_en_shown);
  }
  CHECK(sponsored_pages > 10);
}

TEST_CASE("block pages classify as blocked and misses extract as not found", "[demo_world]") {
  int blocked = 0, misses = 0;
  for (const auto& q : world().queries) {
    INFO(q.source << " " << q.path);
    if (q.expect == "blocked") {
      crawler::FetchResult r;
      r.status = 200;
      r.final_url = "http://127.0.0.1:1" + q.path;
      r.headers = {{"content-type", "text/html; charset=utf-8"}};
      r.body = world().pages.at(q.path);
      CHECK(crawler::classify(profile(q.source).spec.rules, r) == crawler::Outcome::kBlocked);
      CHECK(extract(q).verdict == crawler::PageVerdict::kBlocked);
      ++blocked;
    } else if (q.expect == "miss") {
      CHECK(extract(q).verdict == crawler::PageVerdict::kNotFound);
      ++misses;
    }
  }
  CHECK(blocked > 5);
  CHECK(misses > 100);
}

TEST_CASE("the replay server answers every query from the written folder, with 429 first where planted",
          "[demo_world]") {
  testing::ScratchDir dir;
  DemoWorld w = pipeline::generate_demo_world(small_world(7, 60));
  auto summary = pipeline::write_demo_world(w, dir.file("world"));
  CHECK(summary.pages == static_cast<int64_t>(w.pages.size()));
  CHECK(std::filesystem::exists(dir.file("world/README.md")));
  CHECK(testing::read_file(dir.file("world/README.md")).find("SYNTHETIC") != std::string::npos);
  crawler::ReplayServer srv(dir.file("world"));
  int port = srv.start();
  httplib::Client cli("127.0.0.1", port);
  cli.set_url_encode(false);  // the paths are already what curl sends; httplib would re-encode the ',' of 1688's
  int served = 0;
  for (const auto& q : w.queries) {
    INFO(q.source << " " << q.path);
    auto res = q.source == "icp" ? cli.Post(q.path, "{}", "application/json") : cli.Get(q.path);
    REQUIRE(res);
    if (q.first_429) {
      CHECK(res->status == 429);
      res = q.source == "icp" ? cli.Post(q.path, "{}", "application/json") : cli.Get(q.path);
      REQUIRE(res);
    }
    CHECK(res->status == 200);
    CHECK(res->body == w.pages.at(q.path));
    ++served;
  }
  CHECK(served == static_cast<int64_t>(w.queries.size()));
}

TEST_CASE("the world's customs import and carry the planted effect of the true lndig on quality", "[demo_world]") {
  testing::ScratchDir dir;
  DemoWorld w = pipeline::generate_demo_world(small_world(7, 400));
  pipeline::write_demo_world(w, dir.file("world"));
  db::Connection c = db::open_store(dir.file("s.db"));
  auto rep = db::import_table(c, db::ImportKind::kCustoms, dir.file("world/customs/customs.csv"), {});
  CHECK(rep.rows_rejected == 0);
  auto sim = pipeline::simulate_world_customs(w);
  CHECK(rep.rows_landed == static_cast<int64_t>(sim.customs.size()));
  // A firm may export nothing in the simulation (one product, one destination, a skipped year).
  std::set<int32_t> exporters(sim.customs.firm.begin(), sim.customs.firm.end());
  CHECK(c.query_int("SELECT count(DISTINCT firm_id) FROM customs").value_or(-1) == static_cast<int64_t>(exporters.size()));
  CHECK(exporters.size() > w.firms.size() * 95 / 100);

  // True log quality = a_f + θ_c + β·lndig + e (measure/simulate.h): firm and product FE recover β.
  std::map<std::string, const DemoFirm*> by_id;
  for (const auto& f : w.firms) by_id[f.firm_id] = &f;
  const auto& t = sim.truth_panel;
  std::vector<std::string> firm_col, product_col;
  std::vector<double> lq, lndig;
  for (size_t i = 0; i < t.size(); ++i) {
    const DemoFirm& f = *by_id.at(sim.customs.firm_names[static_cast<size_t>(t.firm[i])]);
    firm_col.push_back(f.firm_id);
    product_col.push_back("h" + sim.customs.product_codes[static_cast<size_t>(t.product[i])]);
    lq.push_back(sim.true_log_quality[i]);
    lndig.push_back(measure::simulated_lndig({f.firm_id, f.name_zh, f.pit_year(), f.pdo_year, f.icp_year()}, t.year[i]));
  }
  measure::DataFrame d;
  d.add_text_column("firm", firm_col);
  d.add_text_column("product", product_col);
  d.add_numeric_column("lq", lq);
  d.add_numeric_column("lndig", lndig);
  measure::FitOptions fo;
  fo.cluster = {"firm"};
  auto fit = measure::feols(measure::parse_formula("lq ~ lndig | firm + product"), d, fo);
  REQUIRE(fit.names == std::vector<std::string>{"lndig"});
  INFO("beta " << fit.coef[0] << " CI [" << fit.ci_low[0] << ", " << fit.ci_high[0] << "]");
  CHECK(fit.ci_low[0] < w.options.beta_lndig);
  CHECK(fit.ci_high[0] > w.options.beta_lndig);
}
