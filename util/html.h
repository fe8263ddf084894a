// Escaping text for HTML and SVG (element content and attribute values), and for LaTeX tables.
#pragma once
#include <string>
#include <string_view>

namespace tradedig {

// Replaces & < > " ' by their entities; everything else (UTF-8 included) is kept.
std::string html_escape(std::string_view s);

// LaTeX text for table cells: a backslash before _ & % $ # { }, and ^ ~ \ spelled as commands
// (\^{}, \textasciitilde{}, \textbackslash{}), so "province^industry^year" compiles.
std::string latex_escape(std::string_view s);

}  // namespace tradedig
