// pgmm formula syntax: `y ~ lag(y, 1:2) + x | lag(y, 2:99) [| lag(z, 0:1)]`. The parts and terms
// are split here; each inner expression goes through parse_formula() so that log(), I() and
// arithmetic mean the same as in `regress`.
#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "measure/gmm_internal.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Splits at `sep` outside parentheses.
std::vector<std::string> split_top(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == sep && depth == 0) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

// Offset of the ')' closing the '(' at `open`, or npos.
size_t closing_paren(const std::string& s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) return i;
  }
  return std::string::npos;
}

[[noreturn]] void fail(const std::string& formula, const std::string& why) {
  throw UserError(fmt::format("Cannot parse the GMM formula \"{}\": {}.", formula, why));
}

int parse_lag_number(const std::string& formula, const std::string& s) {
  std::string t = trim(s);
  if (t.empty() || !std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    fail(formula, fmt::format("lags must be whole numbers >= 0, not '{}'", t));
  if (t.size() > 6) fail(formula, fmt::format("lag {} is too large", t));
  return std::stoi(t);
}

// "a:b", "c(a, b, ...)" or "a".
std::vector<int> parse_lags(const std::string& formula, const std::string& spec) {
  std::string s = trim(spec);
  std::vector<int> lags;
  if (s.size() > 2 && s[0] == 'c' && trim(s.substr(1)).front() == '(' && s.back() == ')') {
    std::string inner = trim(s.substr(1));
    for (const auto& piece : split_top(inner.substr(1, inner.size() - 2), ','))
      lags.push_back(parse_lag_number(formula, piece));
  } else if (auto colon = s.find(':'); colon != std::string::npos) {
    int a = parse_lag_number(formula, s.substr(0, colon)), b = parse_lag_number(formula, s.substr(colon + 1));
    if (b < a) fail(formula, fmt::format("the lag range {} runs backwards", s));
    for (int l = a; l <= b; ++l) lags.push_back(l);
  } else {
    lags.push_back(parse_lag_number(formula, s));
  }
  return lags;
}

LaggedTerm parse_term(const std::string& formula, const std::string& text) {
  std::string t = trim(text);
  if (t.empty()) fail(formula, "a term is empty");
  LaggedTerm term;
  std::string inner = t;
  term.lags = {0};
  std::string head = t.substr(0, std::min<size_t>(t.size(), 4));
  if (head == "lag(" && closing_paren(t, 3) == t.size() - 1) {
    std::string args = t.substr(4, t.size() - 5);
    auto pieces = split_top(args, ',');
    if (pieces.size() > 2) fail(formula, fmt::format("{} has more than two arguments", t));
    inner = pieces[0];
    term.lags = pieces.size() == 2 ? parse_lags(formula, pieces[1]) : std::vector<int>{1};
  }
  // The outcome side of a formula accepts any arithmetic expression, so "expr ~ 1" parses it.
  Formula f = parse_formula(trim(inner) + " ~ 1");
  term.expr = f.lhs;
  term.label = f.lhs_label;
  return term;
}

std::vector<LaggedTerm> parse_terms(const std::string& formula, const std::string& part) {
  std::vector<LaggedTerm> out;
  for (const auto& piece : split_top(part, '+')) out.push_back(parse_term(formula, piece));
  return out;
}

}  // namespace

DynamicFormula parse_dynamic_formula(const std::string& text) {
  DynamicFormula f;
  f.text = text;
  int depth = 0;
  for (char c : text) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth < 0) fail(text, "a ')' has no matching '('");
  }
  if (depth != 0) fail(text, "a ')' is missing");
  auto parts = split_top(text, '|');
  if (parts.size() < 2 || parts.size() > 3)
    fail(text, "write 'y ~ regressors | GMM instruments' with an optional third part '| IV instruments'");
  auto sides = split_top(parts[0], '~');
  if (sides.size() != 2) fail(text, "the model part needs exactly one '~'");
  Formula lhs = parse_formula(trim(sides[0]) + " ~ 1");
  f.lhs = lhs.lhs;
  f.lhs_label = lhs.lhs_label;
  f.regressors = parse_terms(text, sides[1]);
  f.gmm = parse_terms(text, parts[1]);
  for (const auto& g : f.gmm)
    if (*std::min_element(g.lags.begin(), g.lags.end()) < 1)
      fail(text, fmt::format("GMM instruments need lags of at least 1 (lag({}, ...))", g.label));
  if (parts.size() == 3) {
    f.iv = parse_terms(text, parts[2]);
    return f;
  }
  // pgmm: each model variable that is not a GMM instrument is its own IV-style instrument, with
  // the union of the lags it enters the model with.
  std::map<std::string, size_t> seen;
  for (const auto& r : f.regressors) {
    bool is_gmm = std::any_of(f.gmm.begin(), f.gmm.end(), [&](const LaggedTerm& g) { return g.label == r.label; });
    if (is_gmm) continue;
    auto [it, fresh] = seen.emplace(r.label, f.iv.size());
    if (fresh) {
      f.iv.push_back(r);
      continue;
    }
    auto& lags = f.iv[it->second].lags;
    for (int l : r.lags)
      if (std::find(lags.begin(), lags.end(), l) == lags.end()) lags.push_back(l);
  }
  return f;
}

}  // namespace tradedig::measure
