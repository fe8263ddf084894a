// A parsed HTML page (gumbo) and the few node accessors extraction needs.
//
// Pages are parsed the way browsers do (HTML5 error recovery), so the broken markup real sites
// serve still yields a tree. Input must already be UTF-8 (see page_charset.h).
#pragma once
#include <optional>
#include <string>
#include <string_view>

struct GumboInternalNode;
struct GumboInternalOutput;

namespace tradedig::crawler {

using HtmlNode = const GumboInternalNode*;

class HtmlDocument {
 public:
  explicit HtmlDocument(std::string utf8_html);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  HtmlNode root() const;  // the <html> element

 private:
  std::string html_;  // gumbo keeps pointers into the source text
  GumboInternalOutput* out_ = nullptr;
};

bool is_element(HtmlNode n);
std::string_view tag_name(HtmlNode n);                                  // lower-case, "" for text
std::optional<std::string> attribute(HtmlNode n, std::string_view name);  // nullopt when absent
// Text of the node and its descendants with runs of whitespace collapsed to one space and trimmed.
std::string node_text(HtmlNode n);
HtmlNode parent_of(HtmlNode n);  // the parent element, or nullptr
// Text exactly as in the page (script bodies for embedded JSON).
std::string raw_text(HtmlNode n);

}  // namespace tradedig::crawler
