#include "crawler/html_document.h"

#include <gumbo.h>

#include <cstring>

namespace tradedig::crawler {

HtmlDocument::HtmlDocument(std::string utf8_html) : html_(std::move(utf8_html)) {
  out_ = gumbo_parse_with_options(&kGumboDefaultOptions, html_.data(), html_.size());
}

HtmlDocument::~HtmlDocument() {
  if (out_) gumbo_destroy_output(&kGumboDefaultOptions, out_);
}

HtmlNode HtmlDocument::root() const { return out_->root; }

bool is_element(HtmlNode n) { return n && n->type == GUMBO_NODE_ELEMENT; }

std::string_view tag_name(HtmlNode n) {
  if (!is_element(n)) return {};
  GumboTag t = n->v.element.tag;
  if (t != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(t);
  // Custom elements keep their source spelling; strip "<" and attributes from the original tag.
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return std::string_view(piece.data, piece.length);
}

std::optional<std::string> attribute(HtmlNode n, std::string_view name) {
  if (!is_element(n)) return std::nullopt;
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (name.size() == std::strlen(a->name) && strncasecmp(a->name, name.data(), name.size()) == 0)
      return std::string(a->value);
  }
  return std::nullopt;
}

HtmlNode parent_of(HtmlNode n) {
  HtmlNode p = n ? n->parent : nullptr;
  return is_element(p) ? p : nullptr;
}

namespace {

void collect_text(HtmlNode n, std::string& out) {
  if (!n) return;
  switch (n->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      out += n->v.text.text;
      return;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      const GumboVector& kids = n->v.element.children;
      for (unsigned i = 0; i < kids.length; ++i) collect_text(static_cast<HtmlNode>(kids.data[i]), out);
      return;
    }
    default:
      return;
  }
}

}  // namespace

std::string raw_text(HtmlNode n) {
  std::string out;
  collect_text(n, out);
  return out;
}

std::string node_text(HtmlNode n) {
  std::string raw = raw_text(n), out;
  bool space = false;
  for (char c : raw) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace tradedig::crawler
