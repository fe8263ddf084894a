// 1688.com company search (SOURCES.md §1.3): 诚信通 membership years from the card's badge text.
// Pages are usually GBK; page_text() decodes them. Login walls and sliders never reach this
// function (extract_page returns kBlocked first), so "no 诚信通 badge" here really means none shown.
#include <regex>

#include "crawler/css_select.h"
#include "crawler/extract.h"
#include "crawler/extract_text.h"

namespace tradedig::crawler {

namespace {

// Membership-year wordings: "诚信通 3年", "3年诚信通", "入驻 3年" (years on the platform). "经营 N年"
// and "成立 N年" are the firm's age, not membership, so they only ever reach raw_label.
const char* kYearsPattern = R"((?:诚信通\s*(\d+)\s*年|(\d+)\s*年\s*诚信通|入驻\s*(\d+)\s*年))";
const char* kAnyYearsLabel = R"((?:诚信通\s*\d+\s*年|\d+\s*年\s*诚信通|入驻\s*\d+\s*年|经营\s*\d+\s*年|成立\s*\d+\s*年))";
const char* kBadgeWords[] = {"实力商家", "超级工厂", "源头旗舰", "实力供应商", "深度验厂", "先行赔付"};

std::optional<int> membership_years(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return std::nullopt;
  for (size_t i = 1; i < m.size(); ++i)
    if (m[i].matched) return std::stoi(m[i].str());
  return std::nullopt;
}

}  // namespace

Extraction extract_1688(const ExtractRules& rules, const StoredPage& page) {
  Extraction ex;
  std::string text = page_text(page);
  HtmlDocument doc(text);
  const std::string years_pat = rules.get("years_pattern", kYearsPattern);
  const std::string member_text = rules.get("member_text", "诚信通会员");
  auto cards = select_all(doc.root(), rules.get("card", "li.company-list-item"));
  for (HtmlNode card : cards) {
    HtmlNode link = select_first(card, rules.get("title_link", ".list-item-title a"));
    if (!link) {
      ex.notes.push_back("skipped card without a title link");
      continue;
    }
    MembershipFact m = membership_from_link(link, rules.get("id_pattern", R"(//([A-Za-z0-9_-]+)\.1688\.com)"));
    std::string card_text = node_text(card);
    // The badge icon: <a title="诚信通会员"><em>3</em>年</a> (older markup) or plain text (newer).
    HtmlNode em = select_first(card, rules.get("years_icon", ".list-item-icons a[title*='诚信通'] em"));
    std::string icon_label = em ? node_text(parent_of(em)) : std::string();
    m.raw_label = regex_capture(icon_label.empty() ? card_text : icon_label, kAnyYearsLabel);
    if (m.raw_label.empty() && em) m.raw_label = icon_label;
    m.years_on_platform = membership_years(m.raw_label, years_pat);
    if (!m.years_on_platform && em) m.years_on_platform = regex_int(node_text(em), R"((\d+))", 0, 40);
    bool member = m.years_on_platform.has_value() || card_text.find(member_text) != std::string::npos ||
                  card_text.find("阿里巴巴建议您优先选择诚信通会员") != std::string::npos;
    std::string extra;
    for (const char* w : kBadgeWords)
      if (card_text.find(w) != std::string::npos) extra = join_badges({extra, w});
    m.badge = join_badges({member ? "chengxintong" : "", extra});
    std::string location = select_text(card, rules.get("location", ".list-item-detail .detail-left .address, .address"));
    if (!location.empty()) m.city = location;
    m.country = "CN";
    ex.memberships.push_back(std::move(m));
  }
  if (!ex.memberships.empty()) {
    ex.verdict = PageVerdict::kFound;
  } else if (text.find(rules.get("no_results", "缩短或修改您的搜索词")) != std::string::npos ||
             text.find("在您的筛选条件下，没找到") != std::string::npos) {
    ex.verdict = PageVerdict::kNotFound;
  } else {
    ex.notes.push_back("no company cards and no empty-result marker");
  }
  return ex;
}

}  // namespace tradedig::crawler
