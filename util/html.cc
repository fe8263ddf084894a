#include "util/html.h"

namespace tradedig {

std::string html_escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string latex_escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    if (c == '^') o += "\\^{}";
    else if (c == '~') o += "\\textasciitilde{}";
    else if (c == '\\') o += "\\textbackslash{}";
    else {
      if (std::string_view("_&%$#{}").find(c) != std::string_view::npos) o += '\\';
      o += c;
    }
  }
  return o;
}

}  // namespace tradedig
