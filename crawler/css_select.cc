#include "crawler/css_select.h"

#include <gumbo.h>

#include <cctype>

#include "util/error.h"

namespace tradedig::crawler {

namespace {

bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::vector<CssSelector::Complex> parse() {
    std::vector<CssSelector::Complex> out;
    for (;;) {
      skip_ws();
      out.push_back(complex());
      skip_ws();
      if (at_end()) break;
      if (s_[i_] != ',') fail("expected ','");
      ++i_;
    }
    return out;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;

  bool at_end() const { return i_ >= s_.size(); }
  void skip_ws() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw UserError("CSS selector '" + std::string(s_) + "': " + what + " at position " + std::to_string(i_));
  }
  std::string ident() {
    size_t start = i_;
    while (!at_end() && ident_char(s_[i_])) ++i_;
    if (start == i_) fail("expected a name");
    return std::string(s_.substr(start, i_ - start));
  }

  CssSelector::Complex complex() {
    CssSelector::Complex c;
    c.parts.push_back(compound());
    for (;;) {
      size_t before = i_;
      skip_ws();
      if (at_end() || s_[i_] == ',') return c;
      char comb = ' ';
      if (s_[i_] == '>') {
        comb = '>';
        ++i_;
        skip_ws();
      } else if (before == i_) {
        fail("expected a combinator");
      }
      c.combinators.push_back(comb);
      c.parts.push_back(compound());
    }
  }

  CssSelector::Compound compound() {
    CssSelector::Compound p;
    if (!at_end() && s_[i_] == '*') {
      p.tag = "*";
      ++i_;
    } else if (!at_end() && ident_char(s_[i_])) {
      p.tag = ident();
      for (char& ch : p.tag) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    bool any = !p.tag.empty();
    while (!at_end()) {
      char c = s_[i_];
      if (c == '.') {
        ++i_;
        p.classes.push_back(ident());
      } else if (c == '#') {
        ++i_;
        p.ids.push_back(ident());
      } else if (c == '[') {
        ++i_;
        p.attrs.push_back(attr());
      } else if (c == ':') {
        ++i_;
        pseudo(p);
      } else {
        break;
      }
      any = true;
    }
    if (!any) fail("expected a simple selector");
    return p;
  }

  CssSelector::Attr attr() {
    CssSelector::Attr a;
    skip_ws();
    a.name = ident();
    skip_ws();
    if (at_end()) fail("unclosed '['");
    if (s_[i_] != ']') {
      char c = s_[i_];
      if (c == '=') {
        a.op = '=';
        ++i_;
      } else if ((c == '*' || c == '^' || c == '$' || c == '~') && i_ + 1 < s_.size() && s_[i_ + 1] == '=') {
        a.op = c;
        i_ += 2;
      } else {
        fail("unsupported attribute operator");
      }
      skip_ws();
      if (!at_end() && (s_[i_] == '\'' || s_[i_] == '"')) {
        char q = s_[i_++];
        size_t end = s_.find(q, i_);
        if (end == std::string_view::npos) fail("unclosed quote");
        a.value = std::string(s_.substr(i_, end - i_));
        i_ = end + 1;
      } else {
        a.value = ident();
      }
      skip_ws();
    }
    if (at_end() || s_[i_] != ']') fail("expected ']'");
    ++i_;
    return a;
  }

  void pseudo(CssSelector::Compound& p) {
    std::string name = ident();
    if (name == "first-child") {
      p.nth = true;
      p.nth_a = 0;
      p.nth_b = 1;
      return;
    }
    if (name != "nth-child") fail("unsupported pseudo-class ':" + name + "'");
    if (at_end() || s_[i_] != '(') fail("expected '('");
    size_t end = s_.find(')', i_);
    if (end == std::string_view::npos) fail("unclosed '('");
    std::string arg;
    for (char c : s_.substr(i_ + 1, end - i_ - 1))
      if (!std::isspace(static_cast<unsigned char>(c))) arg += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    i_ = end + 1;
    p.nth = true;
    if (arg == "odd") arg = "2n+1";
    if (arg == "even") arg = "2n";
    size_t n = arg.find('n');
    try {
      if (n == std::string::npos) {
        p.nth_a = 0;
        p.nth_b = std::stoi(arg);
        return;
      }
      std::string a = arg.substr(0, n), b = arg.substr(n + 1);
      p.nth_a = a.empty() || a == "+" ? 1 : a == "-" ? -1 : std::stoi(a);
      p.nth_b = b.empty() ? 0 : std::stoi(b);
    } catch (const std::exception&) {
      fail("bad :nth-child argument '" + arg + "'");
    }
  }
};

bool has_word(const std::string& list, const std::string& word) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    size_t j = i;
    while (j < list.size() && !std::isspace(static_cast<unsigned char>(list[j]))) ++j;
    if (j > i && list.compare(i, j - i, word) == 0 && word.size() == j - i) return true;
    i = j;
  }
  return false;
}

HtmlNode parent_element(HtmlNode n) {
  HtmlNode p = n->parent;
  return is_element(p) ? p : nullptr;
}

int child_index(HtmlNode n) {  // 1-based among element siblings
  HtmlNode p = n->parent;
  if (!p || (p->type != GUMBO_NODE_ELEMENT && p->type != GUMBO_NODE_DOCUMENT && p->type != GUMBO_NODE_TEMPLATE))
    return 1;
  const GumboVector& kids = p->type == GUMBO_NODE_DOCUMENT ? p->v.document.children : p->v.element.children;
  int k = 0;
  for (unsigned i = 0; i < kids.length; ++i) {
    auto* c = static_cast<HtmlNode>(kids.data[i]);
    if (is_element(c)) ++k;
    if (c == n) return k;
  }
  return k;
}

bool match_compound(const CssSelector::Compound& p, HtmlNode n) {
  if (!is_element(n)) return false;
  if (!p.tag.empty() && p.tag != "*" && tag_name(n) != p.tag) return false;
  for (const auto& id : p.ids)
    if (attribute(n, "id").value_or("") != id) return false;
  if (!p.classes.empty()) {
    auto cls = attribute(n, "class");
    if (!cls) return false;
    for (const auto& c : p.classes)
      if (!has_word(*cls, c)) return false;
  }
  for (const auto& a : p.attrs) {
    auto v = attribute(n, a.name);
    if (!v) return false;
    switch (a.op) {
      case '=': if (*v != a.value) return false; break;
      case '*': if (v->find(a.value) == std::string::npos) return false; break;
      case '^': if (v->rfind(a.value, 0) != 0) return false; break;
      case '$': if (v->size() < a.value.size() || v->compare(v->size() - a.value.size(), a.value.size(), a.value) != 0) return false; break;
      case '~': if (!has_word(*v, a.value)) return false; break;
      default: break;
    }
  }
  if (p.nth) {
    int idx = child_index(n);
    if (p.nth_a == 0) {
      if (idx != p.nth_b) return false;
    } else {
      int d = idx - p.nth_b;
      if (d % p.nth_a != 0 || d / p.nth_a < 0) return false;
    }
  }
  return true;
}

// Right to left: part k matches n, and the parts before it match ancestors as the combinators say.
bool match_from(const CssSelector::Complex& c, size_t k, HtmlNode n) {
  if (!match_compound(c.parts[k], n)) return false;
  if (k == 0) return true;
  if (c.combinators[k - 1] == '>') {
    HtmlNode p = parent_element(n);
    return p && match_from(c, k - 1, p);
  }
  for (HtmlNode a = parent_element(n); a; a = parent_element(a))
    if (match_from(c, k - 1, a)) return true;
  return false;
}

void walk(HtmlNode n, const CssSelector& sel, std::vector<HtmlNode>& out) {
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    auto* c = static_cast<HtmlNode>(kids.data[i]);
    if (!is_element(c)) continue;
    if (sel.matches(c)) out.push_back(c);
    walk(c, sel, out);
  }
}

}  // namespace

CssSelector::CssSelector(std::string_view text) : text_(text), alternatives_(Parser(text).parse()) {}

bool CssSelector::matches(HtmlNode element) const {
  for (const auto& c : alternatives_)
    if (match_from(c, c.parts.size() - 1, element)) return true;
  return false;
}

std::vector<HtmlNode> select_all(HtmlNode scope, const CssSelector& sel) {
  std::vector<HtmlNode> out;
  if (is_element(scope)) walk(scope, sel, out);
  return out;
}

std::vector<HtmlNode> select_all(HtmlNode scope, std::string_view selector) {
  return select_all(scope, CssSelector(selector));
}

HtmlNode select_first(HtmlNode scope, std::string_view selector) {
  auto all = select_all(scope, selector);
  return all.empty() ? nullptr : all.front();
}

std::string select_text(HtmlNode scope, std::string_view selector) {
  HtmlNode n = select_first(scope, selector);
  return n ? node_text(n) : std::string();
}

}  // namespace tradedig::crawler
