// A CSS-selector subset over parsed HTML, enough for the selectors recorded in SOURCES.md and the
// ones users write into profiles: type (`div`, `*`), `.class`, `#id`, `[attr]`, `[attr=v]`,
// `[attr*=v]`, `[attr^=v]`, `[attr$=v]`, `[attr~=v]`, `:nth-child(an+b|odd|even)`,
// `:first-child`, descendant (` `) and child (`>`) combinators, and `,` groups.
//
// Matching follows the browser's querySelectorAll: results are in document order, without
// duplicates, and ancestors named by a combinator may lie outside the scope node.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "crawler/html_document.h"

namespace tradedig::crawler {

class CssSelector {
 public:
  // Throws UserError naming the selector and the position for anything outside the subset.
  explicit CssSelector(std::string_view text);

  bool matches(HtmlNode element) const;
  const std::string& text() const { return text_; }

  struct Attr {
    std::string name, value;
    char op = 0;  // 0: present, '=', '*', '^', '$', '~'
  };
  struct Compound {
    std::string tag;  // "" or "*": any
    std::vector<std::string> ids, classes;
    std::vector<Attr> attrs;
    bool nth = false;
    int nth_a = 0, nth_b = 0;  // :nth-child(an+b)
  };
  struct Complex {
    std::vector<Compound> parts;     // left to right
    std::vector<char> combinators;   // between parts: ' ' or '>'
  };

 private:
  std::string text_;
  std::vector<Complex> alternatives_;
};

// Every element under `scope` (not `scope` itself) that matches, in document order.
std::vector<HtmlNode> select_all(HtmlNode scope, const CssSelector& sel);
std::vector<HtmlNode> select_all(HtmlNode scope, std::string_view selector);
// The first match, or nullptr.
HtmlNode select_first(HtmlNode scope, std::string_view selector);
// node_text of the first match, or "" when nothing matches.
std::string select_text(HtmlNode scope, std::string_view selector);

}  // namespace tradedig::crawler
