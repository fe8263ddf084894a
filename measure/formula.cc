// fixest formula syntax: `y ~ x1 + x1:x2 + a*b + i(year, ref = 2002) + log(x) + I(x^2) | fe1 + fe2^fe3
// | endog ~ inst`. Recursive descent over a small token stream; errors name the character offset.
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "measure/estimate.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

struct Token {
  enum Kind { kIdent, kNumber, kString, kOp, kEnd } kind;
  std::string text;
  size_t begin, end;  // offsets into the formula text
};

std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    if (std::isspace(ch)) {
      ++i;
    } else if (std::isalpha(ch) || ch == '_' || ch == '.' || ch >= 0x80) {
      size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '.' ||
                              static_cast<unsigned char>(s[j]) >= 0x80))
        ++j;
      out.push_back({Token::kIdent, s.substr(i, j - i), i, j});
      i = j;
    } else if (std::isdigit(ch)) {
      size_t j = i;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        ++j;
        if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      }
      out.push_back({Token::kNumber, s.substr(i, j - i), i, j});
      i = j;
    } else if (ch == '`' || ch == '"' || ch == '\'') {
      size_t j = s.find(static_cast<char>(ch), i + 1);
      if (j == std::string::npos) throw UserError(fmt::format("Unterminated quote at character {} of the formula.", i + 1));
      // Backticks quote a column name (R convention); quotes give a literal (a reference level).
      out.push_back({ch == '`' ? Token::kIdent : Token::kString, s.substr(i + 1, j - i - 1), i, j + 1});
      i = j + 1;
    } else if (std::string("~|+-*/^:(),=").find(static_cast<char>(ch)) != std::string::npos) {
      out.push_back({Token::kOp, std::string(1, static_cast<char>(ch)), i, i + 1});
      ++i;
    } else {
      throw UserError(fmt::format("Unexpected character '{}' at position {} of the formula.", s[i], i + 1));
    }
  }
  out.push_back({Token::kEnd, "", s.size(), s.size()});
  return out;
}

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text), toks_(tokenize(text)) {}

  Formula parse() {
    Formula f;
    f.text = text_;
    size_t lhs_begin = peek().begin;
    f.lhs = arith();
    f.lhs_label = span(lhs_begin, prev_end_);
    expect("~", "the formula needs a '~' between the outcome and the regressors");
    rhs(f.terms, &f.intercept);
    while (accept("|")) {
      if (f.has_iv) fail("the IV part (endogenous ~ instruments) must come last");
      // A part with '~' is the IV part; anything else is the fixed effects.
      bool iv = false;
      for (size_t k = pos_; toks_[k].kind != Token::kEnd && toks_[k].text != "|"; ++k)
        if (toks_[k].kind == Token::kOp && toks_[k].text == "~") iv = true;
      if (iv) {
        f.has_iv = true;
        iv_part(f);
      } else {
        if (!f.fixed_effects.empty()) fail("the fixed effects are given twice");
        fixed_effects(f);
      }
    }
    if (peek().kind != Token::kEnd) fail(fmt::format("unexpected '{}'", peek().text));
    return f;
  }

 private:
  const std::string& text_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  size_t prev_end_ = 0;

  const Token& peek() const { return toks_[pos_]; }
  const Token& take() {
    prev_end_ = toks_[pos_].end;
    return toks_[pos_++];
  }
  bool accept(const char* op) {
    if (peek().kind == Token::kOp && peek().text == op) {
      take();
      return true;
    }
    return false;
  }
  void expect(const char* op, const std::string& why) {
    if (!accept(op)) fail(why);
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw UserError(fmt::format("Cannot parse the formula \"{}\" at character {}: {}.", text_, peek().begin + 1, why));
  }
  std::string span(size_t b, size_t e) const {
    std::string out;
    for (size_t i = b; i < e; ++i)
      if (!std::isspace(static_cast<unsigned char>(text_[i]))) out += text_[i];
    return out;
  }

  // ---- arithmetic (inside I(), log(), and the outcome)
  ExprPtr arith() {
    ExprPtr l = product();
    while (peek().kind == Token::kOp && (peek().text == "+" || peek().text == "-")) {
      std::string op = take().text;  // sequenced: argument evaluation order is unspecified
      l = binary(op, l, product());
    }
    return l;
  }
  ExprPtr product() {
    ExprPtr l = unary();
    while (peek().kind == Token::kOp && (peek().text == "*" || peek().text == "/")) {
      std::string op = take().text;
      l = binary(op, l, unary());
    }
    return l;
  }
  ExprPtr unary() {
    if (accept("-")) {
      auto e = std::make_shared<Expr>();
      e->kind = Expr::Kind::kUnary;
      e->name = "neg";
      e->args.push_back(unary());
      return e;
    }
    ExprPtr base = primary();
    if (accept("^")) return binary("^", base, unary());
    return base;
  }
  static ExprPtr binary(const std::string& op, ExprPtr l, ExprPtr r) {
    auto e = std::make_shared<Expr>();
    e->kind = Expr::Kind::kBinary;
    e->name = op;
    e->args = {std::move(l), std::move(r)};
    return e;
  }
  ExprPtr primary() {
    auto e = std::make_shared<Expr>();
    if (peek().kind == Token::kNumber) {
      e->number = std::stod(take().text);
      return e;
    }
    if (accept("(")) {
      e = arith();
      expect(")", "a ')' is missing");
      return e;
    }
    if (peek().kind != Token::kIdent) fail("a variable name was expected");
    std::string name = take().text;
    if (!accept("(")) {
      e->kind = Expr::Kind::kVariable;
      e->name = name;
      return e;
    }
    static const std::set<std::string> kFunctions = {"I", "log", "exp", "sqrt", "abs", "log1p"};
    if (!kFunctions.count(name)) fail(fmt::format("unknown function {}() (known: I, log, exp, sqrt, abs, log1p, i)", name));
    e->kind = Expr::Kind::kCall;
    e->name = name;
    e->args.push_back(arith());
    expect(")", "a ')' is missing");
    return e;
  }

  // ---- right-hand side terms
  void rhs(std::vector<Term>& terms, bool* intercept) {
    bool negative = false;
    for (;;) {
      size_t begin = peek().begin;
      if (peek().kind == Token::kNumber && (peek().text == "0" || peek().text == "1")) {
        bool zero = take().text == "0";
        if (zero != negative) *intercept = false;  // "+0" or "-1"
      } else {
        std::vector<TermPart> factors = {part()};
        std::vector<bool> crossed;  // '*' (true) or ':' (false) before factor k+1
        while (peek().kind == Token::kOp && (peek().text == ":" || peek().text == "*")) {
          crossed.push_back(take().text == "*");
          factors.push_back(part());
        }
        if (negative) fail("only an intercept (1) can be removed with '-'");
        add_terms(terms, factors, crossed, span(begin, prev_end_));
      }
      if (accept("+")) negative = false;
      else if (accept("-")) negative = true;
      else break;
    }
  }

  // `a*b` = a + b + a:b; `a*b:c` = a + b:c + a:b:c (R's precedence: ':' binds tighter than '*').
  static void add_terms(std::vector<Term>& terms, const std::vector<TermPart>& parts, const std::vector<bool>& crossed,
                        const std::string& label) {
    std::vector<std::vector<TermPart>> groups = {{parts[0]}};
    for (size_t k = 0; k < crossed.size(); ++k) {
      if (crossed[k]) groups.push_back({parts[k + 1]});
      else groups.back().push_back(parts[k + 1]);
    }
    if (groups.size() == 1) {
      terms.push_back({parts, label});
      return;
    }
    size_t n = groups.size();
    for (size_t mask = 1; mask < (size_t{1} << n); ++mask) {
      Term t;
      for (size_t g = 0; g < n; ++g)
        if (mask & (size_t{1} << g))
          for (const auto& p : groups[g]) {
            t.label += (t.label.empty() ? "" : ":") + p.label;
            t.parts.push_back(p);
          }
      terms.push_back(std::move(t));
    }
  }

  // `endog1 + endog2 ~ inst1 + inst2`: terms on both sides, as on the main right-hand side; the
  // intercept belongs to the main part only.
  void iv_part(Formula& f) {
    bool intercept = true;
    rhs(f.endogenous, &intercept);
    expect("~", "the IV part needs a '~' between the endogenous regressors and the instruments");
    rhs(f.instruments, &intercept);
    if (!intercept) fail("the IV part cannot remove the intercept; write + 0 in the main part");
  }

  TermPart part() {
    TermPart p;
    size_t begin = peek().begin;
    if (peek().kind == Token::kIdent && peek().text == "i" && toks_[pos_ + 1].text == "(") {
      take();
      take();
      if (peek().kind != Token::kIdent) fail("i() needs a variable name");
      p.is_factor = true;
      p.factor_var = take().text;
      if (accept(",")) {
        if (!(peek().kind == Token::kIdent && peek().text == "ref")) fail("i() accepts only ref = level");
        take();
        expect("=", "write ref = level");
        if (peek().kind == Token::kEnd || peek().kind == Token::kOp) fail("a reference level is missing");
        p.factor_ref = take().text;
      }
      expect(")", "a ')' is missing");
    } else {
      p.expr = unary_no_power();
    }
    p.label = span(begin, prev_end_);
    return p;
  }
  // Outside I(), '^' would mean interaction expansion in R; we ask for I(x^2) to avoid ambiguity.
  ExprPtr unary_no_power() {
    ExprPtr e = primary();
    if (peek().kind == Token::kOp && peek().text == "^") fail("write powers as I(x^2)");
    return e;
  }

  void fixed_effects(Formula& f) {
    do {
      std::vector<std::string> combo;
      do {
        if (peek().kind != Token::kIdent) fail("a fixed-effect variable name was expected");
        combo.push_back(take().text);
      } while (accept("^"));
      f.fixed_effects.push_back(std::move(combo));
    } while (accept("+"));
  }
};

void collect(const Expr& e, std::vector<std::string>& out) {
  if (e.kind == Expr::Kind::kVariable) out.push_back(e.name);
  for (const auto& a : e.args) collect(*a, out);
}

}  // namespace

Formula parse_formula(const std::string& text) { return Parser(text).parse(); }

std::vector<std::string> formula_variables(const Formula& f) {
  std::vector<std::string> out;
  collect(*f.lhs, out);
  for (const auto* terms : {&f.terms, &f.endogenous, &f.instruments})
    for (const auto& t : *terms)
      for (const auto& p : t.parts) {
        if (p.is_factor) out.push_back(p.factor_var);
        else collect(*p.expr, out);
      }
  for (const auto& fe : f.fixed_effects) out.insert(out.end(), fe.begin(), fe.end());
  std::vector<std::string> unique;
  for (auto& v : out)
    if (std::find(unique.begin(), unique.end(), v) == unique.end()) unique.push_back(v);
  return unique;
}

}  // namespace tradedig::measure
