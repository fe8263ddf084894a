// Observations linked to the firms of a store, over every name of a firm (db/link_store +
// matcher/observation_linker): real A-share firms, observed under their Chinese, English and
// former names, and under names of firms that are not in the store.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "db/link_store.h"
#include "db/runs.h"
#include "db/schema.h"
#include "matcher/observation_linker.h"
#include "matcher/store_linking.h"
#include "tests/matcher/matcher_fixture.h"

using namespace tradedig;
using tradedig::testing::astock_firms;
using tradedig::testing::AstockFirm;

namespace {

const AstockFirm& astock_firm(const std::string& fullname) {
  const AstockFirm* found = nullptr;
  for (const auto& f : astock_firms())
    if (f.fullname == fullname) found = &f;
  INFO("looked up in the A-share file: " << fullname);
  REQUIRE(found != nullptr);
  return *found;
}

struct StoredLink {
  std::string firm_id, method, decision;
};

std::optional<StoredLink> stored_link(const db::Connection& c, int64_t obs_id) {
  auto st = c.prepare("SELECT firm_id, method, decision FROM links WHERE obs_id = ?1");
  st.bind(1, obs_id);
  if (!st.step()) return std::nullopt;
  return StoredLink{st.column_string(0), st.column_string(1), st.column_string(2)};
}

}  // namespace

TEST_CASE("Observations under a firm's Chinese, English or former name link to it and unrelated names do not",
          "[matcher][observation_linker]") {
  testing::ScratchDir dir;
  db::Connection c = db::open_store(dir.file("store.db"));

  // firm_id → (Chinese full name, whether the store also holds its English name).
  const std::map<std::string, std::pair<std::string, bool>> firms = {
      {"000001", {"平安银行股份有限公司", true}},
      {"000002", {"万科企业股份有限公司", true}},
      {"000651", {"珠海格力电器股份有限公司", true}},
      {"600519", {"贵州茅台酒股份有限公司", true}},
      {"603288", {"佛山市海天调味食品股份有限公司", false}},  // linked from English through pinyin only
  };
  {
    auto ins = c.prepare("INSERT INTO firms(firm_id, name_zh, name_en, short_name) VALUES (?1,?2,?3,?4)");
    auto name = c.prepare("INSERT INTO firm_names(firm_id, name, lang, kind) VALUES (?1,?2,?3,?4)");
    for (const auto& [id, f] : firms) {
      const AstockFirm& a = astock_firm(f.first);
      ins.bind_all(id, a.fullname, f.second ? std::optional<std::string>(a.enname) : std::nullopt, a.short_name);
      ins.run();
      name.bind_all(id, a.fullname, "zh", "current");
      name.run();
    }
    // 平安银行 was 深圳发展银行 until 2012.
    name.bind_all("000001", "深圳发展银行股份有限公司", "zh", "former");
    name.run();
  }

  struct Obs {
    int64_t id;
    std::string kind, name;
  };
  const std::vector<Obs> obs = {
      {1, "membership", astock_firm("平安银行股份有限公司").enname},
      {2, "icp", "万科企业股份有限公司"},
      {3, "membership", astock_firm("佛山市海天调味食品股份有限公司").enname},
      {4, "domain", "深圳发展银行股份有限公司"},
      {5, "icp", "珠海格力电器股份有限公司"},
      {6, "membership", astock_firm("贵州茅台酒股份有限公司").enname},
      {7, "icp", "北京字节跳动科技有限公司"},  // a real firm, but not in the store
      {8, "membership", "Acme Widget Trading Inc."},
  };
  {
    auto ins = c.prepare("INSERT INTO observations(obs_id, kind, source, entity_name, observed_at) VALUES (?1,?2,?3,?4,?5)");
    for (const auto& o : obs) {
      ins.bind_all(o.id, o.kind, "test", o.name, "2021-06-01T00:00:00Z");
      ins.run();
    }
  }

  auto names = db::load_all_firm_names(c);
  // Current Chinese, former Chinese, short Chinese for every firm, English for the four stored.
  CHECK(names.size() == 5 * 2 + 1 + 4);
  std::vector<matcher::FirmNameEntry> entries;
  for (const auto& n : names) entries.push_back({n.firm_id, n.name, n.lang == "zh"});
  matcher::ObservationLinker linker(entries);
  REQUIRE(linker.firm_ids().size() == 5);

  auto pending = db::load_unlinked_observation_names(c);
  REQUIRE(pending.size() == obs.size());
  std::vector<db::LinkRow> rows;
  for (const auto& o : pending) {
    if (o.obs_id <= 6) CHECK(linker.pair_estimate(o.entity_name) > 0);  // the names of stored firms
    auto l = linker.link(o.obs_id, o.entity_name);
    if (!l) {
      std::cout << "obs " << o.obs_id << " " << o.entity_name << ": no candidate\n";
      continue;
    }
    std::cout << "obs " << o.obs_id << " " << o.entity_name << " -> " << l->firm_id << " (" << l->matched_name
              << ") score " << l->score << " " << matcher::decision_name(l->decision) << "\n";
    rows.push_back({l->firm_id, l->obs_id, l->score, l->method, matcher::decision_name(l->decision)});
  }
  int64_t run = db::begin_run(c, "match", "test");
  CHECK(db::write_links(c, rows, run) == rows.size());
  db::finish_run(c, run, true, "{}");

  auto expect = [&](int64_t obs_id, const std::string& firm_id, const std::string& method) {
    INFO("obs " << obs_id);
    auto l = stored_link(c, obs_id);
    REQUIRE(l);
    CHECK(l->firm_id == firm_id);
    CHECK(l->method == method);
    CHECK(l->decision == "match");
  };
  expect(1, "000001", "en");
  expect(2, "000002", "zh");
  expect(3, "603288", "en");
  expect(4, "000001", "zh");
  expect(5, "000651", "zh");
  expect(6, "600519", "en");
  for (int64_t unrelated : {7, 8}) {
    INFO("obs " << unrelated);
    auto l = stored_link(c, unrelated);
    if (l) CHECK(l->decision == "nonmatch");
  }

  // Every stored link carries the run; a second pass finds only the observations left without one.
  CHECK(c.query_int("SELECT count(*) FROM links WHERE run_id IS NOT " + std::to_string(run)).value_or(-1) == 0);
  CHECK(db::load_unlinked_observation_names(c).size() == obs.size() - rows.size());

  // Upsert: writing the same pair again updates it instead of failing on UNIQUE(firm_id, obs_id).
  int64_t run2 = db::begin_run(c, "match", "test again");
  db::write_links(c, {{"000001", 1, 0.4, "en", "review"}}, run2);
  auto again = stored_link(c, 1);
  REQUIRE(again);
  CHECK(again->decision == "review");
  CHECK(c.query_int("SELECT count(*) FROM links WHERE obs_id = 1").value_or(0) == 1);
}

TEST_CASE("a name links to the firm that held it in the observation's year", "[matcher][observation_linker]") {
  testing::ScratchDir dir;
  db::Connection c = db::open_store(dir.file("store.db"));
  // 平安银行 was 深圳发展银行 until 2011. A second, constructed firm registers the old name in 2015
  // (names of deregistered firms can be registered again); a third holds an unrelated name.
  c.exec("INSERT INTO firms(firm_id, name_zh) VALUES ('000001', '平安银行股份有限公司'), "
         "('900001', '深圳发展银行股份有限公司'), ('000002', '万科企业股份有限公司')");
  c.exec("INSERT INTO firm_names(firm_id, name, lang, kind, valid_from, valid_to) VALUES "
         "('000001', '深圳发展银行股份有限公司', 'zh', 'former', 1987, 2011), "
         "('900001', '深圳发展银行股份有限公司', 'zh', 'current', 2015, NULL)");
  c.exec("INSERT INTO observations(obs_id, kind, source, entity_name, observed_at) VALUES "
         "(1, 'membership', 'test', '深圳发展银行股份有限公司', '2008-05-01T00:00:00Z'), "
         "(2, 'membership', 'test', '深圳发展银行股份有限公司', '2019-05-01T00:00:00Z'), "
         "(3, 'icp', 'test', '深圳发展银行股份有限公司', '2013-05-01'), "
         "(4, 'icp', 'test', '万科企业股份有限公司', '2013-05-01')");

  auto names = db::load_all_firm_names(c);
  auto old_name = std::find_if(names.begin(), names.end(),
                               [](const auto& n) { return n.firm_id == "000001" && n.kind == "former"; });
  REQUIRE(old_name != names.end());
  CHECK(old_name->valid_from == 1987);
  CHECK(old_name->valid_to == 2011);
  // 900001's name is both firms.name_zh (open) and a firm_names row from 2015: open wins.
  auto reused = std::find_if(names.begin(), names.end(), [](const auto& n) { return n.firm_id == "900001"; });
  REQUIRE(reused != names.end());
  CHECK_FALSE(reused->valid_from);
  c.exec("UPDATE firms SET name_zh = NULL WHERE firm_id = '900001'");  // now only the dated row

  matcher::StoreLinkOptions opt;
  opt.progress = false;
  auto rep = matcher::link_store_observations(c, opt);
  CHECK(rep.observations == 4);
  auto l1 = stored_link(c, 1), l2 = stored_link(c, 2), l3 = stored_link(c, 3), l4 = stored_link(c, 4);
  REQUIRE(l1);
  CHECK(l1->firm_id == "000001");
  CHECK(l1->decision == "match");
  REQUIRE(l2);
  CHECK(l2->firm_id == "900001");
  CHECK(l2->decision == "match");
  // In 2013 neither firm carried the name: not a match to either.
  if (l3) CHECK(l3->decision != "match");
  REQUIRE(l4);  // names without years count in every year
  CHECK(l4->firm_id == "000002");
  CHECK(l4->decision == "match");
}

TEST_CASE("labels imported from a review file train the model that links the next observations",
          "[matcher][observation_linker]") {
  // Two stores with the same firms and observations; one also holds a person's labels saying that
  // 海天 registered in other cities is the Foshan firm. The new observation scores higher there.
  const std::vector<std::string> cities = {"上海", "北京", "广州", "深圳", "天津", "重庆", "成都", "武汉",
                                           "南京", "西安", "长沙", "郑州", "济南", "青岛", "厦门", "福州",
                                           "合肥", "南昌", "昆明", "贵阳"};
  auto make_store = [&](testing::ScratchDir& dir, bool with_labels) {
    db::Connection c = db::open_store(dir.file("store.db"));
    c.exec("INSERT INTO firms(firm_id, name_zh) VALUES ('603288', '佛山市海天调味食品股份有限公司'), "
           "('000002', '万科企业股份有限公司'), ('000651', '珠海格力电器股份有限公司')");
    auto ins = c.prepare("INSERT INTO observations(obs_id, kind, source, entity_name, observed_at) VALUES (?1, 'icp', 'test', ?2, '2020-01-01')");
    std::vector<db::LinkLabel> labels;
    for (size_t i = 0; i < cities.size(); ++i) {
      ins.bind_all(static_cast<int64_t>(i + 1), cities[i] + "海天调味食品股份有限公司");
      ins.run();
      labels.push_back({static_cast<int64_t>(i + 1), "603288", true});
    }
    if (with_labels) db::write_link_labels(c, labels, db::begin_run(c, "match labels", "test"));
    ins.bind_all(int64_t{100}, std::string("杭州海天调味食品股份有限公司"));
    ins.run();
    return c;
  };
  matcher::StoreLinkOptions opt;
  opt.progress = false;
  testing::ScratchDir plain_dir, labelled_dir;
  auto plain = make_store(plain_dir, false);
  auto labelled = make_store(labelled_dir, true);
  auto rep_plain = matcher::link_store_observations(plain, opt);
  auto rep_labelled = matcher::link_store_observations(labelled, opt);
  CHECK(rep_plain.labels_used == 0);
  CHECK(rep_labelled.labels_used == 20);
  CHECK(rep_labelled.observations == 1);  // the labelled observations are linked already
  auto score = [](const db::Connection& c) {
    auto st = c.prepare("SELECT score FROM links WHERE obs_id = 100 AND firm_id = '603288'");
    return st.step() ? st.column_double(0) : -1.0;
  };
  INFO("plain " << score(plain) << ", after labels " << score(labelled));
  CHECK(score(plain) > 0);
  CHECK(score(labelled) > score(plain));
  CHECK(matcher::describe(rep_labelled, "").find("trained on 20 labelled pairs") != std::string::npos);
}
