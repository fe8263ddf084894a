#include "pipeline/demo_pages.h"

#include <cstdint>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "crawler/page_charset.h"

namespace tradedig::pipeline {

namespace {

constexpr const char* kSyntheticNote = "SYNTHETIC page of the tradedig demo world: simulated, not a capture of the real site";

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A numeric company id from a shop name, so a firm keeps its id across runs.
uint64_t stable_id(const std::string& s) { return 200000000 + stable_hash(s) % 700000000; }

}  // namespace

uint64_t stable_hash(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string alibaba_search_json(const std::vector<DemoListing>& offers) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& o : offers) {
    nlohmann::json j = {{"companyId", std::to_string(stable_id(o.shop))},
                        {"companyName", o.name},
                        {"action", "//" + o.shop + ".en.alibaba.com/company_profile.html"},
                        {"countryCode", "CN"},
                        {"city", o.city},
                        {"verifiedSupplier", o.verified},
                        {"verifiedSupplierPro", false},
                        {"isFactory", !o.sponsored && o.years % 2 == 1},
                        {"newAd", o.sponsored}};
    if (o.years > 0) {
      j["goldYears"] = fmt::format("{} {}", o.years, o.years == 1 ? "yr" : "yrs");
      j["goldYearsNumber"] = std::to_string(o.years);
    }
    if (o.sponsored) j["adInfo"] = {{"creativeInfo", {{"tpText", "Top sponsor listing"}}}};
    list.push_back(std::move(j));
  }
  nlohmann::json page = {{"success", true},
                         {"synthetic", kSyntheticNote},
                         {"model", {{"totalCount", offers.size()}, {"offers", std::move(list)}}}};
  return page.dump();
}

std::string made_in_china_search_html(const std::string& query, const std::vector<DemoListing>& cards) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{} - Manufacturers</title></head>\n"
      "<!-- {} -->\n<body><input type=\"hidden\" name=\"totalCount\" value=\"{}\">\n",
      html_escape(query), kSyntheticNote, cards.size());
  if (cards.empty()) {
    out += fmt::format("<div class=\"search-noresult\">No matching results for \"{}\".</div></body></html>\n",
                       html_escape(query));
    return out;
  }
  out += "<div class=\"search-list\">\n";
  int n = 0;
  for (const auto& c : cards) {
    ++n;
    std::string ads = c.sponsored ? fmt::format("aid:{},ads_srv_tp:ad_enhance,pdid:pAd{},pcid:{},a:1", 7000 + n, n, c.shop)
                                  : fmt::format("aid:,ads_srv_tp:,pdid:p{}{},pcid:{},a:1", c.shop, n, c.shop);
    out += fmt::format(
        " <div class=\"list-node\">\n  <h2 class=\"product-name\"><a href=\"//www.made-in-china.com/prod/{}-{}.html\" "
        "ads-data=\"{}\">Products of {}</a></h2>\n  <div class=\"company-info\"><a class=\"J-compnay-name\" "
        "href=\"//{}.en.made-in-china.com\">{}</a>\n   <div class=\"auth-list\">",
        c.shop, n, ads, html_escape(c.name), c.shop, html_escape(c.name));
    if (!c.member_type.empty()) out += fmt::format("<img alt=\"{}\" src=\"m.png\">", c.member_type);
    if (c.verified) out += "<img alt=\"Audited Supplier\" src=\"a.png\">";
    out += "</div></div>\n";
    if (!c.city.empty())
      out += fmt::format("  <div class=\"company-address-info\"><p class=\"tip-para\">{}</p></div>\n", html_escape(c.city));
    out += " </div>\n";
  }
  out += "</div></body></html>\n";
  return out;
}

std::string made_in_china_showroom_html(const DemoListing& firm, int member_since, int established) {
  return fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{0} - Company Profile</title></head>\n"
      "<!-- {1} -->\n<body>\n<div class=\"sr-comInfo-title\"><h1>{0}</h1></div>\n"
      "<div id=\"member-since\"><span class=\"sign-item-text\">{2}</span> <span class=\"txt-year\">Since {3}</span></div>\n"
      "<div class=\"sr-comInfo-details\">\n"
      " <div class=\"info-item\"><span class=\"info-label\">Business Type:</span><span class=\"info-fields\">Manufacturer/Factory</span></div>\n"
      " <div class=\"info-item\"><span class=\"info-label\">Year of Establishment:</span><span class=\"info-fields\">{4}</span></div>\n"
      " <div class=\"info-item\"><span class=\"info-label\">Address:</span><span class=\"info-fields\">{5}, China</span></div>\n"
      "</div>\n<a href=\"//www.made-in-china.com/sendInquiry/shrom_{6}_00.html\">Contact Now</a>\n</body></html>\n",
      html_escape(firm.name), kSyntheticNote, firm.member_type.empty() ? "Gold Member" : firm.member_type, member_since,
      established, html_escape(firm.city), firm.shop);
}

std::string s1688_search_gbk(const std::string& query, const std::vector<DemoListing>& cards) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">"
      "<title>{} - 公司搜索 - 阿里巴巴</title></head>\n<!-- {} -->\n<body>",
      html_escape(query), kSyntheticNote);
  if (cards.empty()) {
    out += fmt::format("<div class=\"noresult\">抱歉，没有找到与“{}”相关的公司。建议您缩短或修改您的搜索词，重新搜索。</div>",
                       html_escape(query));
  } else {
    out += "<ul class=\"company-list\">\n";
    for (const auto& c : cards) {
      out += fmt::format(
          "<li class=\"company-list-item\"><div><div><div class=\"list-item-title\"><a href=\"https://{}.1688.com\" "
          "title=\"{}\">{}</a></div>\n <div class=\"list-item-icons\">",
          c.shop, html_escape(c.name), html_escape(c.name));
      if (c.years > 0) out += fmt::format("<a title=\"诚信通会员\" class=\"icon-cxt\"><em>{}</em>年</a>", c.years);
      if (c.verified) out += "<a title=\"实力商家\">实力商家</a>";
      out += fmt::format("</div>\n <div class=\"list-item-detail\"><span class=\"address\">{}</span></div>\n",
                         html_escape(c.city));
      if (c.years > 0) out += " <p>阿里巴巴建议您优先选择诚信通会员</p>";
      out += "</div></div></li>\n";
    }
    out += "</ul>";
  }
  out += "</body></html>\n";
  return crawler::utf8_to_gbk(out);
}

std::string icp_query_json(const std::vector<DemoIcpRecord>& records) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : records)
    list.push_back({{"domain", r.domain},
                    {"mainLicence", r.licence},
                    {"natureName", "企业"},
                    {"serviceLicence", r.licence.substr(0, r.licence.size() - 3) + "号-1"},
                    {"unitName", r.unit},
                    {"limitAccess", "否"},
                    {"updateRecordTime", r.updated}});
  nlohmann::json page = {
      {"code", 200},
      {"msg", "操作成功"},
      {"synthetic", kSyntheticNote},
      {"params", {{"list", std::move(list)}, {"pageNum", 1}, {"pageSize", 10}, {"total", records.size()}}},
      {"success", true}};
  return page.dump();
}

std::string cnnic_whois_text(const std::string& domain, const std::string& registrant, const std::string& registered) {
  // CNNIC prints Beijing time without a zone (SOURCES.md key finding 2); expiry twenty years on.
  std::string expires = std::to_string(std::stoi(registered.substr(0, 4)) + 20) + registered.substr(4);
  return fmt::format(
      "Domain Name: {0}\nROID: {1}s10011s{2:08}-cn\nDomain Status: ok\nRegistrant: {3}\n"
      "Registrant Contact Email: admin@{0}\nSponsoring Registrar: 示例域名注册服务有限公司(SYNTHETIC)\n"
      "Name Server: ns1.{0}\nName Server: ns2.{0}\nRegistration Time: {4}\nExpiration Time: {5}\nDNSSEC: unsigned\n",
      domain, registered.substr(0, 4) + registered.substr(5, 2) + registered.substr(8, 2), stable_id(domain) % 100000000,
      registrant, registered, expires);
}

std::string cnnic_whois_not_found(const std::string&) { return "No matching record.\n"; }

std::string rdap_domain_json(const std::string& domain, const std::string& registered) {
  std::string upper;
  for (char c : domain) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  std::string expires = std::to_string(std::stoi(registered.substr(0, 4)) + 20) + registered.substr(4);
  nlohmann::json j = {
      {"objectClassName", "domain"},
      {"handle", fmt::format("{}_DOMAIN_COM-VRSN", stable_id(domain))},
      {"ldhName", upper},
      {"remarks", {{{"title", "synthetic"}, {"description", {kSyntheticNote}}}}},
      {"entities",
       {{{"objectClassName", "entity"},
         {"roles", {"registrar"}},
         {"vcardArray", {"vcard", {{"version", nlohmann::json::object(), "text", "4.0"},
                                   {"fn", nlohmann::json::object(), "text", "Example Registrar Ltd. (SYNTHETIC)"}}}}}}},
      {"events",
       {{{"eventAction", "registration"}, {"eventDate", registered}},
        {{"eventAction", "expiration"}, {"eventDate", expires}}}}};
  return j.dump();
}

std::string block_page(const std::string& source, int variant) {
  if (source == "alibaba" || (source == "1688" && variant % 2 == 0))
    // The Alibaba-group punish slider (SOURCES.md §3), as the API or the search answers it.
    return "<!DOCTYPE html><html><head><title>Captcha Interception</title></head><body>\n"
           "<div id=\"baxia-dialog-content\"><div id=\"nocaptcha\"><div id=\"nc_1_wrapper\"></div></div>\n"
           "<p>Sorry, we have detected unusual traffic from your network. Please slide to verify.</p></div>\n"
           "<script>window._config_={NCTOKENSTR:'x',SECDATA:'y',action:'/_____tmd_____/verify/',x5secdata:'demo'};</script>\n"
           "</body></html>\n";
  if (source == "1688")
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>1688 登录</title></head>\n<body><div class=\"login-box\">"
           "<h3>1688/淘宝会员（仅限会员名）请在此登录</h3><form action=\"https://login.1688.com/member/signin.htm\"></form>"
           "</div></body></html>\n";
  if (source == "made-in-china")
    return "<!DOCTYPE html><html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>"
           "<p>Please slide to verify that you are not a robot.</p><div id=\"nc_1_wrapper\"></div></body></html>\n";
  if (source == "icp")
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>405</title></head><body>"
           "<p>当前访问疑似黑客攻击，已被网站管理员设置为拦截</p></body></html>\n";
  if (source == "rdap") return R"({"errorCode":429,"title":"rate limit","description":["Too many requests, slow down"]})";
  return "WHOIS LIMIT EXCEEDED - SEE WWW.CNNIC.CN FOR DETAILS\n";
}

}  // namespace tradedig::pipeline
