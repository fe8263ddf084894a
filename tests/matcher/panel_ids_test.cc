// Panel ids on constructed yearly firm files. The expected links follow from the pass rules in
// matcher/panel_ids.h, worked out by hand for each firm in the comments below.
#include <catch2/catch.hpp>

#include "matcher/panel_ids.h"
#include "tests/matcher/matcher_fixture.h"
#include "util/error.h"

using namespace tradedig::matcher;
using tradedig::testing::test_normalizer;

namespace {

// A record with only a code and a name (and maybe a legal representative).
PanelRecord firm(const char* id, const char* name, const char* legal_rep = "") {
  return {id, name, legal_rep, "", 0, ""};
}

// Four survey years. Firms (2004 row → later rows):
//   海天     id 100001 every year; renamed 电子 → 科技 in 2006            → pass id
//   东方     id 200001 → 200999 in 2005, same name                        → pass name
//   新华 ×2  two firms named 新华印刷厂 (regions 110105, 440104), ids kept until both are
//            renumbered in 2007                                            → id, then legal rep
//   吴中     id 500001, absent in 2005, back in 2006                       → id across the gap
//   振业     id changes in 2005, name written with full-width brackets and 集團 in 2004 → normalised name
//   瓯海     id, name and legal rep change in 2005, same phone and region → phone
//   武进     exits after 2004; its phone's last 7 digits and its legal rep and founding year
//            recur in 2005 for a Tianjin firm of another region            → no link
std::vector<PanelWave> survey() {
  return {
      {2004,
       {{"100001", "杭州海天电子有限公司", "张明", "330106", 1995, "0571-88001111"},
        {"200001", "宁波东方纺织厂", "李强", "330203", 1988, "0574-87002222"},
        {"300001", "新华印刷厂", "王伟", "110105", 1978, "010-65003333"},
        {"400001", "新华印刷厂", "陈静", "440104", 1982, "020-83004444"},
        {"500001", "苏州吴中五金厂", "赵刚", "320506", 1999, "0512-66005555"},
        {"600001", "深圳市振业（集團）股份有限公司", "刘洋", "440303", 1989, "0755-25006666"},
        {"700001", "温州市瓯海制鞋厂", "黄海", "330304", 2001, "0577-86007777"},
        {"800001", "常州武进化工厂", "周平", "320412", 1992, "0519-86008888"}}},
      {2005,
       {{"100001", "杭州海天电子有限公司", "张明", "330106", 1995, "0571-88001111"},
        {"200999", "宁波东方纺织厂", "李强", "330203", 1988, "0574-87002222"},
        {"300001", "新华印刷厂", "王伟", "110105", 1978, "010-65003333"},
        {"400001", "新华印刷厂", "陈静", "440104", 1982, "020-83004444"},
        {"600555", "深圳市振业(集团)股份有限公司", "刘洋", "440303", 1989, "0755-25006666"},
        {"700777", "温州鹿城鞋业有限公司", "吴芳", "330304", 2001, "86007777"},
        {"900001", "成都锦江电器厂", "孙丽", "510104", 2005, "028-86009999"},
        {"910001", "天津滨海化工有限公司", "周平", "120116", 1992, "022-86008888"}}},
      {2006,
       {{"100001", "杭州海天科技有限公司", "张明", "330106", 1995, "0571-88001111"},
        {"200999", "宁波东方纺织厂", "李强", "330203", 1988, "0574-87002222"},
        {"300001", "新华印刷厂", "王伟", "110105", 1978, "010-65003333"},
        {"400001", "新华印刷厂", "陈静", "440104", 1982, "020-83004444"},
        {"500001", "苏州吴中五金厂", "赵刚", "320506", 1999, "0512-66005555"},
        {"600555", "深圳市振业(集团)股份有限公司", "刘洋", "440303", 1989, "0755-25006666"},
        {"700777", "温州鹿城鞋业有限公司", "吴芳", "330304", 2001, "86007777"},
        {"900001", "成都锦江电器厂", "孙丽", "510104", 2005, "028-86009999"},
        {"910001", "天津滨海化工有限公司", "周平", "120116", 1992, "022-86008888"}}},
      {2007,
       {{"100001", "杭州海天科技有限公司", "张明", "330106", 1995, "0571-88001111"},
        // The former 400001 is listed first, so row order cannot be what pairs the two 新华.
        {"300777", "新华印刷厂", "陈静", "440104", 1982, "020-83004444"},
        {"300888", "新华印刷厂", "王伟", "110105", 1978, "010-65003333"},
        {"500001", "苏州吴中五金厂", "赵刚", "320506", 1999, "0512-66005555"}}},
  };
}

const PanelResult& survey_result() {
  static const PanelResult r = build_panel_ids(survey(), test_normalizer());
  return r;
}

const PanelPairSummary& pair(const PanelResult& r, int from, int to) {
  for (const auto& s : r.pairs)
    if (s.from_year == from && s.to_year == to) return s;
  FAIL("no summary for " << from << "→" << to);
  return r.pairs.front();
}

constexpr size_t idx(PanelPass p) { return static_cast<size_t>(p); }

}  // namespace

TEST_CASE("a firm that changes its name keeps its panel id through the id pass", "[panel_ids]") {
  const auto& r = survey_result();
  CHECK(r.records[2][0].pass == PanelPass::kId);
  CHECK(r.records[2][0].prev_wave == 1);
  for (size_t w = 0; w < 4; ++w) CHECK(r.records[w][0].panel_id == 1);
}

TEST_CASE("a firm that changes its id is linked by its name", "[panel_ids]") {
  const auto& r = survey_result();
  CHECK(r.records[1][1].pass == PanelPass::kName);
  CHECK(r.records[1][1].panel_id == r.records[0][1].panel_id);
  CHECK(r.records[2][1].pass == PanelPass::kId);  // 200999 from 2005 on
}

TEST_CASE("two firms sharing a name are kept apart when both change id", "[panel_ids]") {
  const auto& r = survey_result();
  // 2004-2006: each keeps its own id, so the shared name never matters.
  CHECK(r.records[1][2].pass == PanelPass::kId);
  CHECK(r.records[1][3].pass == PanelPass::kId);
  CHECK(r.records[0][2].panel_id != r.records[0][3].panel_id);
  // 2007: both renumbered; the name (and its normalised form) is held by two unlinked rows on each
  // side, so it links nothing and the legal representative + region + founding year decides.
  CHECK(r.records[3][1].pass == PanelPass::kLegalRepRegionFounded);
  CHECK(r.records[3][2].pass == PanelPass::kLegalRepRegionFounded);
  CHECK(r.records[3][1].panel_id == r.records[0][3].panel_id);  // 陈静's firm, once 400001
  CHECK(r.records[3][2].panel_id == r.records[0][2].panel_id);  // 王伟's firm, once 300001
  const auto& s = pair(r, 2006, 2007);
  CHECK(s.ambiguous[idx(PanelPass::kName)] == 2);
  CHECK(s.ambiguous[idx(PanelPass::kNormalizedName)] == 2);
  CHECK(s.links[idx(PanelPass::kLegalRepRegionFounded)] == 2);
}

TEST_CASE("a firm missing one year is linked across the gap after the consecutive years", "[panel_ids]") {
  const auto& r = survey_result();
  const PanelAssignment& back = r.records[2][4];  // 吴中 in 2006
  CHECK(back.pass == PanelPass::kId);
  CHECK(back.prev_wave == 0);
  CHECK(back.prev_row == 4);
  CHECK(back.panel_id == r.records[0][4].panel_id);
  CHECK(r.records[3][3].panel_id == back.panel_id);
  CHECK(pair(r, 2004, 2006).gap == 2);
  CHECK(pair(r, 2004, 2006).links[idx(PanelPass::kId)] == 1);

  SECTION("without gap links the firm gets a second panel id") {
    PanelOptions consecutive;
    consecutive.max_gap = 1;
    PanelResult c = build_panel_ids(survey(), test_normalizer(), consecutive);
    CHECK(c.records[2][4].pass == PanelPass::kNone);
    CHECK(c.records[2][4].panel_id != c.records[0][4].panel_id);
    CHECK(c.panels == r.panels + 1);
  }
}

TEST_CASE("spelling variants of a name are linked by the normalised-name pass", "[panel_ids]") {
  // 2004 （集團） vs 2005 (集团): NFKC folds the brackets, OpenCC the traditional character.
  const auto& r = survey_result();
  CHECK(r.records[1][4].pass == PanelPass::kNormalizedName);
  CHECK(r.records[1][4].panel_id == r.records[0][5].panel_id);
}

TEST_CASE("the phone pass links on the last seven digits within one region only", "[panel_ids]") {
  const auto& r = survey_result();
  // 0577-86007777 and 86007777 in region 330304.
  CHECK(r.records[1][5].pass == PanelPass::kPhoneRegion);
  CHECK(r.records[1][5].panel_id == r.records[0][6].panel_id);
  // 0519-86008888 (320412) and 022-86008888 (120116) share the digits, legal rep and founding year
  // but not the region: the Tianjin firm is new.
  CHECK(r.records[1][7].pass == PanelPass::kNone);
}

TEST_CASE("panel ids number the chains in order of their first record", "[panel_ids]") {
  const auto& r = survey_result();
  // 2004's eight firms are panels 1-8, 2005's two entrants 9 and 10; nothing else starts a chain.
  CHECK(r.panels == 10);
  for (uint32_t i = 0; i < 8; ++i) CHECK(r.records[0][i].panel_id == i + 1);
  CHECK(r.records[1][6].panel_id == 9);
  CHECK(r.records[1][7].panel_id == 10);
}

TEST_CASE("the summary counts links per year pair and pass", "[panel_ids]") {
  const auto& r = survey_result();
  // Consecutive pairs first, then the gap pairs: 3 + 2.
  REQUIRE(r.pairs.size() == 5);
  CHECK(r.pairs[0].gap == 1);
  CHECK(r.pairs[3].gap == 2);
  const auto& s = pair(r, 2004, 2005);
  CHECK(s.links[idx(PanelPass::kId)] == 3);
  CHECK(s.links[idx(PanelPass::kName)] == 1);
  CHECK(s.links[idx(PanelPass::kNormalizedName)] == 1);
  CHECK(s.links[idx(PanelPass::kLegalRepRegionFounded)] == 0);
  CHECK(s.links[idx(PanelPass::kPhoneRegion)] == 1);
  CHECK(s.from_unlinked == 2);  // 吴中 (absent in 2005) and 武进 (exits)
  CHECK(s.to_unlinked == 2);    // the two entrants
  const auto& gap = pair(r, 2005, 2007);
  CHECK(gap.links[idx(PanelPass::kId)] == 0);
  for (size_t p = 1; p < kPanelPassCount; ++p) CHECK(r.passes_run[p]);
}

TEST_CASE("a code held twice in one year links neither record by id", "[panel_ids]") {
  std::vector<PanelWave> w = {
      {2010, {firm("A1", "甲厂"), firm("B1", "乙厂")}},
      {2011, {firm("A1", "甲厂"), firm("A1", "乙厂")}},  // a reused code in 2011
  };
  PanelResult r = build_panel_ids(w, test_normalizer());
  CHECK(r.records[1][0].pass == PanelPass::kName);
  CHECK(r.records[1][1].pass == PanelPass::kName);
  CHECK(r.records[1][1].panel_id == r.records[0][1].panel_id);
  CHECK(r.pairs[0].ambiguous[idx(PanelPass::kId)] == 1);
}

TEST_CASE("codes made of zeros and missing fields link nothing", "[panel_ids]") {
  std::vector<PanelWave> w = {
      {2010, {firm("000000000", "甲厂"), firm("", "")}},
      {2011, {firm("0", "乙厂"), firm("", "")}},
  };
  PanelResult r = build_panel_ids(w, test_normalizer());
  CHECK(r.panels == 4);
  // Without legal representatives or phones passes 4 and 5 do not run.
  CHECK_FALSE(r.passes_run[idx(PanelPass::kLegalRepRegionFounded)]);
  CHECK_FALSE(r.passes_run[idx(PanelPass::kPhoneRegion)]);
}

TEST_CASE("a legal representative alone does not make pass 4", "[panel_ids]") {
  std::vector<PanelWave> w = {{2010, {firm("A", "甲厂", "王伟")}}, {2011, {firm("B", "乙厂", "王伟")}}};
  PanelResult r = build_panel_ids(w, test_normalizer());
  CHECK_FALSE(r.passes_run[idx(PanelPass::kLegalRepRegionFounded)]);
  CHECK(r.panels == 2);
}

TEST_CASE("waves out of year order are refused", "[panel_ids]") {
  std::vector<PanelWave> w = {{2005, {}}, {2004, {}}};
  CHECK_THROWS_AS(build_panel_ids(w, test_normalizer()), tradedig::UserError);
  PanelOptions bad;
  bad.max_gap = 0;
  CHECK_THROWS_AS(build_panel_ids({{2004, {}}}, test_normalizer(), bad), tradedig::UserError);
}
