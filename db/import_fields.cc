// The fields each import kind understands, with the column names recognised without a --map.
// Aliases are matched case-insensitively after trimming; the first alias found in the header wins.
#include <fmt/format.h>

#include "db/import.h"
#include "util/error.h"

namespace tradedig::db {

std::vector<FieldSpec> field_specs(ImportKind kind, std::string_view obs_kind) {
  using T = FieldType;
  switch (kind) {
    case ImportKind::kFirms:
      return {
          {"firm_id", T::kText, true, "firm identifier (customs or enterprise code)",
           {"firm_id", "id", "企业代码", "企业编码", "企业id", "统一社会信用代码", "社会信用代码", "组织机构代码",
            "法人代码", "海关编码", "经营单位代码", "证券代码", "stkcd", "ts_code", "code", "party_id"}},
          {"name_zh", T::kText, false, "current Chinese name",
           {"name_zh", "企业名称", "公司名称", "企业全称", "公司全称", "单位名称", "经营单位名称", "经营单位",
            "中文名称", "名称", "fullname", "company_name", "firm_name"}},
          {"name_en", T::kText, false, "current English name",
           {"name_en", "英文名称", "企业英文名称", "公司英文名称", "英文名", "英文全称", "enname", "english_name"}},
          {"short_name", T::kText, false, "short name (简称)",
           {"short_name", "简称", "证券简称", "公司简称", "企业简称"}},
          {"former_names", T::kText, false,
           "former Chinese names, separated by ; ； | or 、, each optionally followed by (2001-2008)",
           {"former_names", "former_name", "曾用名", "曾用名称", "历史名称", "原名"}},
          {"former_names_en", T::kText, false, "former English names, separated by ; or |",
           {"former_names_en", "former_name_en", "英文曾用名"}},
          {"province", T::kText, false, "province",
           {"province", "省份", "省", "所在省份", "所属省份", "省份名称", "area", "prov"}},
          {"city", T::kText, false, "city", {"city", "城市", "所在城市", "地级市", "所属城市", "市"}},
          {"industry", T::kText, false, "industry (name or code)",
           {"industry", "行业", "所属行业", "行业名称", "行业代码", "国民经济行业", "ind"}},
          {"founded", T::kYear, false, "founding year or date",
           {"founded", "成立日期", "成立年份", "成立时间", "开业年份", "开业时间", "注册日期", "成立年",
            "setup_year", "found_year", "establish_year"}},
      };
    case ImportKind::kCustoms:
      return {
          {"firm_id", T::kText, true, "firm identifier (as in the firm list)",
           {"firm_id", "企业编码", "企业代码", "经营单位代码", "海关编码", "企业id", "party_id", "id"}},
          {"year", T::kYear, false, "year (required unless a date column gives it)", {"year", "年", "年份", "年度"}},
          {"month", T::kMonth, false, "month 1-12", {"month", "月", "月份"}},
          {"date", T::kText, false, "date or year-month (200501, 2005-01, 2005-01-31); fills year and month",
           {"date", "日期", "年月", "出口日期", "时间"}},
          {"hs8", T::kHsCode, true, "HS product code (8 digits; 2-10 accepted)",
           {"hs8", "hs", "hscode", "hs_code", "商品编码", "产品编码", "税号", "商品代码", "hs编码"}},
          {"dest", T::kText, true, "destination country (code or name)",
           {"dest", "destination", "country", "目的国", "目的地", "目的国(地区)", "起运国", "贸易国", "贸易国别",
            "国别", "国家", "进口国", "最终目的国"}},
          {"mode", T::kText, false, "trade mode (一般贸易, 进料加工贸易, ...)",
           {"mode", "trade_mode", "贸易方式", "贸易方式名称", "贸易方式代码"}},
          {"value_usd", T::kReal, true, "export value in USD",
           {"value_usd", "value", "金额", "美元", "美元值", "美元金额", "金额美元", "价值", "出口额", "出口金额"}},
          {"quantity", T::kReal, false, "quantity", {"quantity", "qty", "数量"}},
          {"unit", T::kText, false, "unit of quantity", {"unit", "单位", "计量单位", "数量单位"}},
      };
    case ImportKind::kObservations: {
      std::vector<FieldSpec> common = {
          {"source", T::kText, false, "alibaba | made-in-china | 1688 | icp | whois | rdap (or --source)",
           {"source", "来源", "平台", "platform"}},
          {"entity_name", T::kText, true, "name of the entity as shown by the source",
           {"entity_name", "unitName", "unit_name", "主办单位名称", "company_name", "企业名称", "公司名称", "name",
            "registrant"}},
          {"observed_at", T::kDate, true, "date the observation was made",
           {"observed_at", "观测日期", "采集日期", "查询日期", "crawl_date", "observed"}},
      };
      std::vector<FieldSpec> extra;
      if (obs_kind == "membership") {
        extra = {
            {"entity_url", T::kText, false, "profile or shop URL", {"entity_url", "url", "profile_url", "链接", "网址"}},
            {"entity_id", T::kText, false, "company id on the platform", {"entity_id", "company_id", "companyId", "店铺id"}},
            {"badge", T::kText, false, "badge (Gold Supplier, Verified, 诚信通, Diamond)", {"badge", "徽章", "会员类型"}},
            {"raw_label", T::kText, false, "label as shown (\"6 yrs\", \"诚信通5年\", \"Since 2016\")",
             {"raw_label", "label", "标签", "goldYears"}},
            {"years_on_platform", T::kInt, false, "N of \"N yrs\" / \"诚信通N年\"",
             {"years_on_platform", "years", "年限", "诚信通年限"}},
            {"member_since", T::kYear, false, "membership start year", {"member_since", "since", "入驻年份", "会员起始年"}},
            {"country", T::kText, false, "country", {"country", "国家"}},
            {"city", T::kText, false, "city", {"city", "城市"}},
        };
      } else if (obs_kind == "icp") {
        extra = {
            {"licence", T::kText, true, "main licence (主体备案号)", {"licence", "license", "mainLicence", "主体备案号", "备案号", "icp"}},
            {"service_licence", T::kText, false, "site licence (网站备案号)", {"service_licence", "serviceLicence", "网站备案号"}},
            {"nature", T::kText, false, "nature of the unit (企业, 个人)", {"nature", "natureName", "单位性质", "主办单位性质"}},
            {"domain", T::kText, false, "domain", {"domain", "域名", "网站域名"}},
            {"approved_at", T::kDate, false, "latest approval date (updateRecordTime)",
             {"approved_at", "updateRecordTime", "审核日期", "审核通过日期", "审核时间"}},
        };
      } else if (obs_kind == "domain") {
        extra = {
            {"domain", T::kText, true, "domain", {"domain", "域名"}},
            {"registered_at", T::kText, true, "registration date as given by WHOIS/RDAP",
             {"registered_at", "creation_date", "created", "registered", "注册日期", "注册时间"}},
            {"registrar", T::kText, false, "registrar", {"registrar", "注册商"}},
        };
      } else {
        throw UserError(fmt::format("unknown observation kind '{}': use membership, icp or domain", obs_kind));
      }
      common.insert(common.end(), extra.begin(), extra.end());
      return common;
    }
  }
  return {};
}

size_t field_index(const std::vector<FieldSpec>& specs, std::string_view target) {
  for (size_t i = 0; i < specs.size(); ++i)
    if (specs[i].target == target) return i;
  throw std::logic_error(fmt::format("no field {}", target));
}

}  // namespace tradedig::db
