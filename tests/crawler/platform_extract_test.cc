#include <catch2/catch.hpp>

#include "util/icp_licence.h"
#include "crawler/page_charset.h"
#include "tests/crawler/source_fixture.h"

using namespace tradedig;
using namespace tradedig::crawler;
using testing::repo_profile;
using testing::source_fixture;
using testing::stored_page;

TEST_CASE("alibaba API results give Gold Supplier years, badges and location, skipping sponsored offers") {
  auto prof = repo_profile("alibaba.toml");
  auto ex = extract_page(prof.extract, stored_page(source_fixture("alibaba/api_hits.json"), "application/json"));
  REQUIRE(ex.verdict == PageVerdict::kFound);
  REQUIRE(ex.memberships.size() == 3);
  const auto& m = ex.memberships[0];
  CHECK(m.entity_name == "Ningbo Sunrise Electric Appliance Co., Ltd.");
  CHECK(m.entity_id == "231704118");
  CHECK(m.entity_url == "https://nbsunrise.en.alibaba.com/company_profile.html");
  CHECK(m.raw_label == "5 yrs");
  CHECK(m.years_on_platform == 5);
  CHECK_FALSE(m.member_since.has_value());
  CHECK(m.badge == "gold_supplier,verified,factory");
  CHECK(m.country == "CN");
  CHECK(m.city == "Ningbo");
  CHECK(ex.memberships[1].years_on_platform == 12);
  CHECK(ex.memberships[1].badge == "gold_supplier,verified_pro");
  // Verified without goldYears: a member without a membership length.
  CHECK_FALSE(ex.memberships[2].years_on_platform.has_value());
  CHECK(ex.memberships[2].badge == "verified");
  for (const auto& x : ex.memberships) CHECK(x.entity_name.find("Adfirst") == std::string::npos);
  CHECK(ex.notes.front().find("sponsored") != std::string::npos);
}

TEST_CASE("alibaba empty API results are not found, and the punish page is blocked") {
  auto prof = repo_profile("alibaba.toml");
  CHECK(extract_page(prof.extract, stored_page(source_fixture("alibaba/api_empty.json"))).verdict == PageVerdict::kNotFound);
  auto blocked = extract_page(prof.extract, stored_page(source_fixture("alibaba/punish.html")));
  CHECK(blocked.verdict == PageVerdict::kBlocked);
  CHECK(blocked.fact_count() == 0);
}

TEST_CASE("alibaba HTML search is the fallback: cards, N YRS labels, sponsored cards skipped") {
  auto prof = repo_profile("alibaba.toml");
  auto ex = extract_page(prof.extract, stored_page(source_fixture("alibaba/search_hits.html")));
  REQUIRE(ex.verdict == PageVerdict::kFound);
  REQUIRE(ex.memberships.size() == 2);
  CHECK(ex.memberships[0].entity_name == "Ningbo Sunrise Electric Appliance Co., Ltd.");
  CHECK(ex.memberships[0].raw_label == "5 YRS");
  CHECK(ex.memberships[0].years_on_platform == 5);
  CHECK(ex.memberships[0].entity_id == "nbsunrise");
  CHECK(ex.memberships[0].badge == "gold_supplier,verified");
  CHECK(ex.memberships[1].entity_name == "Yiwu Newcomer Crafts Co., Ltd.");
  CHECK_FALSE(ex.memberships[1].years_on_platform.has_value());
}

TEST_CASE("an alibaba product page yields the seller's join years from embedded globalData") {
  auto prof = repo_profile("alibaba.toml");
  auto ex = extract_page(prof.extract, stored_page(source_fixture("alibaba/product_page.html")));
  REQUIRE(ex.memberships.size() == 1);
  CHECK(ex.memberships[0].entity_id == "231704118");
  CHECK(ex.memberships[0].raw_label == "4");
  CHECK(ex.memberships[0].years_on_platform == 4);
}

TEST_CASE("made-in-china search gives member type and Audited Supplier, skipping ads-data sponsored results") {
  auto prof = repo_profile("made_in_china.toml");
  CHECK(prof.spec.name == "made-in-china");
  auto ex = extract_page(prof.extract, stored_page(source_fixture("made_in_china/search_hits.html")));
  REQUIRE(ex.verdict == PageVerdict::kFound);
  REQUIRE(ex.memberships.size() == 2);
  CHECK(ex.memberships[0].entity_name == "Ningbo Sunrise Electric Appliance Co., Ltd.");
  CHECK(ex.memberships[0].entity_id == "nbsunrise");
  CHECK(ex.memberships[0].badge == "gold_member,audited_supplier");
  CHECK(ex.memberships[0].raw_label == "Gold Member");
  CHECK(ex.memberships[0].city == "Ningbo, Zhejiang");
  CHECK(ex.memberships[1].badge == "diamond_member,leading_factory");
  CHECK(extract_page(prof.extract, stored_page(source_fixture("made_in_china/search_empty.html"))).verdict ==
        PageVerdict::kNotFound);
}

TEST_CASE("a made-in-china showroom gives the member-since year and the year of establishment separately") {
  auto prof = repo_profile("made_in_china.toml");
  auto ex = extract_page(prof.extract, stored_page(source_fixture("made_in_china/showroom.html")));
  REQUIRE(ex.memberships.size() == 1);
  const auto& m = ex.memberships[0];
  CHECK(m.entity_name == "Ningbo Sunrise Electric Appliance Co., Ltd.");
  CHECK(m.raw_label == "Since 2016");
  CHECK(m.member_since == 2016);
  CHECK(m.established_year == 2008);
  CHECK(m.badge == "gold_member,audited_supplier");
  CHECK(m.entity_id == "ZbSunRise8");
}

TEST_CASE("1688 GBK search pages decode and give 诚信通 years in both wordings; firm age is not membership") {
  auto prof = repo_profile("1688.toml");
  auto ex = extract_page(prof.extract, stored_page(source_fixture("1688/search_hits_gbk.html"), "text/html; charset=utf-8"));
  REQUIRE(ex.verdict == PageVerdict::kFound);
  REQUIRE(ex.memberships.size() == 3);
  CHECK(ex.memberships[0].entity_name == "宁波日升电器有限公司");
  CHECK(ex.memberships[0].entity_id == "nbrisheng");
  CHECK(ex.memberships[0].years_on_platform == 3);
  CHECK(ex.memberships[0].raw_label == "3年");
  CHECK(ex.memberships[0].badge == "chengxintong,实力商家");
  CHECK(ex.memberships[1].entity_url == "https://cxrisheng.1688.com");
  CHECK(ex.memberships[1].raw_label == "11年诚信通");
  CHECK(ex.memberships[1].years_on_platform == 11);
  CHECK(ex.memberships[1].badge == "chengxintong,源头旗舰");
  CHECK(ex.memberships[2].raw_label == "经营 6 年");
  CHECK_FALSE(ex.memberships[2].years_on_platform.has_value());
  CHECK(ex.memberships[2].badge.empty());
}

TEST_CASE("1688 empty results are not found and a login wall is blocked, never 'not a member'") {
  auto prof = repo_profile("1688.toml");
  CHECK(extract_page(prof.extract, stored_page(source_fixture("1688/search_empty_gbk.html"))).verdict ==
        PageVerdict::kNotFound);
  auto wall = extract_page(prof.extract, stored_page(source_fixture("1688/login_wall.html")));
  CHECK(wall.verdict == PageVerdict::kBlocked);
  CHECK(wall.fact_count() == 0);
  // The same wall served as GBK: markers are matched on the decoded text.
  std::string gbk_wall = utf8_to_gbk(source_fixture("1688/login_wall.html"));
  auto page = stored_page(gbk_wall, "text/html; charset=gbk");
  CHECK(extract_page(prof.extract, page).verdict == PageVerdict::kBlocked);
}

TEST_CASE("1688 queries are sent as percent-encoded GBK") {
  auto prof = repo_profile("1688.toml", "http://127.0.0.1:9");
  auto req = prof.spec.make_request("宁波");
  CHECK(req.url.find("keywords=%C4%FE%B2%A8&") != std::string::npos);
  CHECK(req.url.rfind("http://127.0.0.1:9/company/company_search.htm?", 0) == 0);
}

TEST_CASE("ICP queryByCondition records keep latest approval and the licence-number year") {
  auto prof = repo_profile("icp.toml");
  auto req = prof.spec.make_request("腾讯\"x");
  CHECK(req.method == "POST");
  CHECK(req.body == R"({"pageNum":"","pageSize":"","unitName":"腾讯\"x","serviceType":1})");
  auto ex = extract_page(prof.extract, stored_page(source_fixture("icp/query_hit.json"), "application/json"));
  REQUIRE(ex.verdict == PageVerdict::kFound);
  REQUIRE(ex.icp.size() == 2);
  CHECK(ex.icp[0].entity_name == "深圳市腾讯计算机系统有限公司");
  CHECK(ex.icp[0].licence == "粤B2-20090059");
  CHECK(ex.icp[0].service_licence == "粤B2-20090059-5");
  CHECK(ex.icp[0].nature == "企业");
  CHECK(ex.icp[0].domain == "qq.com");
  CHECK(ex.icp[0].approved_at == "2023-10-18 10:27:25");
  CHECK(ex.icp[0].licence_year == 2009);
  CHECK(ex.icp[1].licence_year == 2010);
  CHECK(extract_page(prof.extract, stored_page(source_fixture("icp/query_empty.json"))).verdict == PageVerdict::kNotFound);
  CHECK(extract_page(prof.extract, stored_page(source_fixture("icp/token_expired.json"))).verdict == PageVerdict::kBlocked);
}

TEST_CASE("ICP licence numbers in a homepage footer are parsed once each with their year") {
  auto all = find_icp_licences(source_fixture("icp/homepage_footer.html"));
  REQUIRE(all.size() == 4);
  CHECK(all[0].text == "浙ICP备10046444号-1");
  CHECK(all[0].main_licence == "浙ICP备10046444号");
  CHECK(all[0].year == 2010);
  CHECK(all[1].text == "粤B2-20090059");
  CHECK(all[1].year == 2009);
  CHECK(all[2].text == "京ICP证030173号");
  CHECK(all[2].year == 2003);
  CHECK(icp_licence_year("苏ICP备2021012345号-1") == 2021);
  auto prof = repo_profile("icp.toml");
  auto page = stored_page(source_fixture("icp/homepage_footer.html"));
  page.url = "https://www.nbrisheng.cn/";
  auto ex = extract_page(prof.extract, page);
  REQUIRE(ex.icp.size() == 3);  // the repeated 浙ICP备 number counts once
  CHECK(ex.icp[0].domain == "www.nbrisheng.cn");
}
