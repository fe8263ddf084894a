// Parsing a Chinese firm name into 行政区划 + 字号 + 行业 + 组织形式 (企业名称登记管理规定 第七条).
#include <algorithm>

#include "matcher/matcher.h"
#include "matcher/utf8.h"

namespace tradedig::matcher {

namespace {

// The 字号 must be at least two characters (实施办法), so stripping never leaves a single one.
constexpr size_t kMinBrandChars = 2;

// A name's code points, as pieces of its text (for the parts built from them) and as
// char_codes() numbers (for the lexicon lookups), kept in step when bracketed parts are removed.
struct Chars {
  std::vector<std::string_view> piece;
  std::vector<uint32_t> code;

  explicit Chars(std::string_view text) : code(char_codes(text)) {
    piece.reserve(code.size());
    size_t at = 0;
    for (uint32_t c : code) {
      const size_t n = c < 0x100 ? 1 : c < 0x10000 ? 2 : c < 0x1000000 ? 3 : 4;
      piece.push_back(text.substr(at, n));
      at += n;
    }
  }
  size_t size() const { return code.size(); }
  bool is(size_t i, char ascii) const { return code[i] == static_cast<unsigned char>(ascii); }
  std::string join(size_t begin, size_t end) const {
    std::string out;
    for (size_t i = begin; i < end; ++i) out += piece[i];
    return out;
  }
  void erase(size_t begin, size_t end) {
    piece.erase(piece.begin() + static_cast<std::ptrdiff_t>(begin), piece.begin() + static_cast<std::ptrdiff_t>(end));
    code.erase(code.begin() + static_cast<std::ptrdiff_t>(begin), code.begin() + static_cast<std::ptrdiff_t>(end));
  }
  // Whether [begin, end) is a word of `set`.
  bool in(const WordSet& set, size_t begin, size_t end) const { return set.contains(code.data() + begin, end - begin); }
};

// Longest word of `set` that ends at `end` and starts no earlier than `floor`; 0 when none.
size_t longest_suffix(const Chars& cp, size_t floor, size_t end, const WordSet& set) {
  return set.longest_suffix(cp.code.data() + floor, end - floor);
}

// Longest word of `set` that starts at `begin` and ends no later than `ceil`; 0 when none.
size_t longest_prefix(const Chars& cp, size_t begin, size_t ceil, const WordSet& set) {
  return set.longest_prefix(cp.code.data() + begin, ceil - begin);
}

bool is_region_word(const Chars& cp, size_t begin, size_t end, const Lexicons& lex) {
  static const std::vector<uint32_t> kChina = char_codes("中国");
  return cp.in(lex.places, begin, end) || std::equal(cp.code.begin() + static_cast<std::ptrdiff_t>(begin),
                                                     cp.code.begin() + static_cast<std::ptrdiff_t>(end), kChina.begin(), kChina.end());
}

// Index of the "(" matching the ")" at close, searching no earlier than floor; npos when none.
size_t open_bracket_before(const Chars& cp, size_t floor, size_t close) {
  for (size_t i = close; i > floor; --i)
    if (cp.is(i - 1, '(')) return i - 1;
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
  Chars cp(out.normalized);
  std::string bracket_region;
  // Bracketed regions and group markers anywhere ("陆地港(福建)融资租赁", "振业(集团)股份") are
  // lifted out first, so they cannot split the 字号 from its industry words.
  for (size_t i = 0; i < cp.size(); ++i) {
    if (!cp.is(i, '(')) continue;
    size_t close = i;
    while (close < cp.size() && !cp.is(close, ')')) ++close;
    if (close == cp.size()) break;
    if (close == i + 1) {  // "()" left behind by a cleaned-up source
      cp.erase(i, close + 1);
      --i;
      continue;
    }
    bool region = is_region_word(cp, i + 1, close, lex), legal = cp.in(lex.legal_forms, i + 1, close);
    if (!region && !legal) continue;
    if (cp.size() - (close + 1 - i) < kMinBrandChars) break;
    std::string inner = cp.join(i + 1, close);
    if (region) bracket_region += inner;
    if (legal) group_marker = "(" + inner + ")";
    cp.erase(i, close + 1);
    --i;
  }
  size_t begin = 0, end = cp.size();

  // Legal form from the end, longest first, repeatedly ("集团股份有限公司", "(集团)有限公司");
  // a bracketed region before the legal form ("企帮宝信息科技(甘肃)有限公司") is taken as the region.
  for (;;) {
    if (end > begin && cp.is(end - 1, ')')) {
      size_t open = open_bracket_before(cp, begin, end - 1);
      if (open == std::string::npos || open < begin + kMinBrandChars) break;
      if (is_region_word(cp, open + 1, end - 1, lex)) {
        bracket_region = cp.join(open + 1, end - 1) + bracket_region;
      } else if (cp.in(lex.legal_forms, open + 1, end - 1)) {
        out.legal_form = "(" + cp.join(open + 1, end - 1) + ")" + out.legal_form;
      } else {
        break;
      }
      end = open;
      continue;
    }
    if (end < begin + kMinBrandChars + 1) break;
    size_t k = longest_suffix(cp, begin + kMinBrandChars, end, lex.legal_forms);
    if (k != 0) {
      out.legal_form = cp.join(end - k, end) + out.legal_form;
      end -= k;
      continue;
    }
    // A region without brackets just before the legal form ("新月能源石家庄公司") is only taken
    // once a legal form has been seen, so a 字号 that merely ends like a place is left alone.
    k = out.legal_form.empty() ? 0 : longest_suffix(cp, begin + kMinBrandChars, end, lex.common_places);
    if (k == 0) break;
    bracket_region = cp.join(end - k, end) + bracket_region;
    end -= k;
  }
  if (!group_marker.empty()) out.legal_form = group_marker + out.legal_form;

  std::vector<std::string> region_pieces;
  // Region prefixes, repeatedly ("广东省深圳市..."), also in leading brackets ("(深圳)...").
  for (;;) {
    if (begin < end && cp.is(begin, '(')) {
      size_t close = begin;
      while (close < end && !cp.is(close, ')')) ++close;
      if (close < end && is_region_word(cp, begin + 1, close, lex) && close + 1 + kMinBrandChars <= end) {
        region_pieces.push_back(cp.join(begin + 1, close));
        begin = close + 1;
        continue;
      }
    }
    if (end < begin + kMinBrandChars) break;
    size_t k = longest_prefix(cp, begin, end - kMinBrandChars, lex.places);
    if (k == 0) break;
    region_pieces.push_back(cp.join(begin, begin + k));
    begin += k;
  }

  // Industry words: the longest tail of the name that splits wholly into industry words, as long
  // as it leaves a 字号 of two characters or more (出口贸易 must not leave 林嘉帮进 when
  // 进出口+贸易 fits). A name that is only industry words (湖北塑胶跑道工程公司) has no 字号.
  std::vector<bool> splits(end + 1, false);  // splits[j]: [j, end) is a sequence of industry words
  splits[end] = true;
  for (size_t j = end; j-- > begin;)
    lex.industry.each_prefix(cp.code.data() + j, end - j, [&](size_t k) -> bool { return splits[j] = splits[j + k]; });
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
    out.brand = cp.join(begin, brand_end);
  }
  for (auto& r : region_pieces) out.region += r;
  out.region += bracket_region;
  out.industry = cp.join(brand_end, end);
  return out;
}

}  // namespace tradedig::matcher
