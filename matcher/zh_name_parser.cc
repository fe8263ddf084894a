// Parsing a Chinese firm name into 行政区划 + 字号 + 行业 + 组织形式 (企业名称登记管理规定 第七条).
#include <algorithm>

#include "matcher/matcher.h"
#include "matcher/utf8.h"

namespace tradedig::matcher {

namespace {

// The 字号 must be at least two characters (实施办法), so stripping never leaves a single one.
constexpr size_t kMinBrandChars = 2;

// Longest word of `set` that ends at `end` and starts no earlier than `floor`; 0 when none.
size_t longest_suffix(const std::vector<std::string>& cp, size_t floor, size_t end, const WordSet& set) {
  for (size_t k = std::min(set.max_chars(), end - floor); k >= 1; --k)
    if (set.contains(join(cp, end - k, end))) return k;
  return 0;
}

// Longest word of `set` that starts at `begin` and ends no later than `ceil`; 0 when none.
size_t longest_prefix(const std::vector<std::string>& cp, size_t begin, size_t ceil, const WordSet& set) {
  for (size_t k = std::min(set.max_chars(), ceil - begin); k >= 1; --k)
    if (set.contains(join(cp, begin, begin + k))) return k;
  return 0;
}

bool is_region_word(const std::string& s, const Lexicons& lex) {
  return lex.places.contains(s) || s == "中国";
}

// Index of the "(" matching the ")" at close, searching no earlier than floor; npos when none.
size_t open_bracket_before(const std::vector<std::string>& cp, size_t floor, size_t close) {
  for (size_t i = close; i > floor; --i)
    if (cp[i - 1] == "(") return i - 1;
  return std::string::npos;
}

}  // namespace

std::string ZhName::distinctive_form() const {
  std::string s;
  for (char c : legal_form)
    if (c != '(' && c != ')') s += c;
  for (const char* generic : {"股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司"}) {
    std::string g = generic;
    if (s.size() >= g.size() && s.compare(s.size() - g.size(), g.size(), g) == 0) {
      s.resize(s.size() - g.size());
      break;
    }
  }
  return s;
}

ZhName parse_zh_name(std::string_view raw, const TextNormalizer& norm, const Lexicons& lex) {
  ZhName out;
  std::string group_marker;
  std::string n = norm.normalize(raw);
  n.erase(std::remove(n.begin(), n.end(), ' '), n.end());
  out.normalized = n;
  std::vector<std::string> cp = split_code_points(n);
  std::string bracket_region;
  // Bracketed regions and group markers anywhere ("陆地港(福建)融资租赁", "振业(集团)股份") are
  // lifted out first, so they cannot split the 字号 from its industry words.
  for (size_t i = 0; i < cp.size(); ++i) {
    if (cp[i] != "(") continue;
    size_t close = std::find(cp.begin() + i, cp.end(), ")") - cp.begin();
    if (close == cp.size()) break;
    std::string inner = join(cp, i + 1, close);
    bool region = is_region_word(inner, lex), legal = lex.legal_forms.contains(inner);
    if (inner.empty()) {  // "()" left behind by a cleaned-up source
      cp.erase(cp.begin() + i, cp.begin() + close + 1);
      --i;
      continue;
    }
    if (!region && !legal) continue;
    if (cp.size() - (close + 1 - i) < kMinBrandChars) break;
    if (region) bracket_region += inner;
    if (legal) group_marker = "(" + inner + ")";
    cp.erase(cp.begin() + i, cp.begin() + close + 1);
    --i;
  }
  size_t begin = 0, end = cp.size();

  // Legal form from the end, longest first, repeatedly ("集团股份有限公司", "(集团)有限公司");
  // a bracketed region before the legal form ("企帮宝信息科技(甘肃)有限公司") is taken as the region.
  for (;;) {
    if (end > begin && cp[end - 1] == ")") {
      size_t open = open_bracket_before(cp, begin, end - 1);
      if (open == std::string::npos || open < begin + kMinBrandChars) break;
      std::string inner = join(cp, open + 1, end - 1);
      if (is_region_word(inner, lex)) {
        bracket_region = inner + bracket_region;
      } else if (lex.legal_forms.contains(inner)) {
        out.legal_form = "(" + inner + ")" + out.legal_form;
      } else {
        break;
      }
      end = open;
      continue;
    }
    if (end < begin + kMinBrandChars + 1) break;
    size_t k = longest_suffix(cp, begin + kMinBrandChars, end, lex.legal_forms);
    if (k != 0) {
      out.legal_form = join(cp, end - k, end) + out.legal_form;
      end -= k;
      continue;
    }
    // A region without brackets just before the legal form ("新月能源石家庄公司") is only taken
    // once a legal form has been seen, so a 字号 that merely ends like a place is left alone.
    k = out.legal_form.empty() ? 0 : longest_suffix(cp, begin + kMinBrandChars, end, lex.common_places);
    if (k == 0) break;
    bracket_region = join(cp, end - k, end) + bracket_region;
    end -= k;
  }
  if (!group_marker.empty()) out.legal_form = group_marker + out.legal_form;

  std::vector<std::string> region_pieces;
  // Region prefixes, repeatedly ("广东省深圳市..."), also in leading brackets ("(深圳)...").
  for (;;) {
    if (begin < end && cp[begin] == "(") {
      size_t close = std::find(cp.begin() + begin, cp.begin() + end, ")") - cp.begin();
      if (close < end && is_region_word(join(cp, begin + 1, close), lex) && close + 1 + kMinBrandChars <= end) {
        region_pieces.push_back(join(cp, begin + 1, close));
        begin = close + 1;
        continue;
      }
    }
    if (end < begin + kMinBrandChars) break;
    size_t k = longest_prefix(cp, begin, end - kMinBrandChars, lex.places);
    if (k == 0) break;
    region_pieces.push_back(join(cp, begin, begin + k));
    begin += k;
  }

  // Industry words: the longest tail of the name that splits wholly into industry words, as long
  // as it leaves a 字号 of two characters or more (出口贸易 must not leave 林嘉帮进 when
  // 进出口+贸易 fits). A name that is only industry words (湖北塑胶跑道工程公司) has no 字号.
  std::vector<bool> splits(end + 1, false);  // splits[j]: [j, end) is a sequence of industry words
  splits[end] = true;
  for (size_t j = end; j-- > begin;)
    for (size_t k = 1; k <= lex.industry.max_chars() && j + k <= end && !splits[j]; ++k)
      splits[j] = splits[j + k] && lex.industry.contains(join(cp, j, j + k));
  size_t brand_end = end;
  if (splits[begin]) {
    brand_end = begin;
  } else {
    for (size_t j = begin + kMinBrandChars; j < end; ++j)
      if (splits[j]) { brand_end = j; break; }
  }
  // Nothing left for the 字号 but two stacked places ("南宁威宁资产"): the second place is the 字号.
  // (With one place, "湖北塑胶跑道工程公司", the gold set says there is no 字号.)
  if (brand_end == begin && region_pieces.size() >= 2) {
    std::string last = region_pieces.back();
    region_pieces.pop_back();
    out.brand = last;
  } else {
    out.brand = join(cp, begin, brand_end);
  }
  for (auto& r : region_pieces) out.region += r;
  out.region += bracket_region;
  out.industry = join(cp, brand_end, end);
  return out;
}

}  // namespace tradedig::matcher
