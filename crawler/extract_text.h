// Small readers shared by the platform adapters: years and counts out of badge labels, and a
// result card's company link.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "crawler/html_document.h"
#include "crawler/observation.h"

namespace tradedig::crawler {

// The first capture group (or whole match) of the ECMAScript `pattern` in `text`, "" if none.
// Patterns work on UTF-8 bytes, so literal Chinese text matches; classes like [年] do not.
std::string regex_capture(std::string_view text, const std::string& pattern);

// The first capture of `pattern` as a number within [lo, hi], else nullopt.
std::optional<int> regex_int(std::string_view text, const std::string& pattern, int lo, int hi);

// "2026-11-21T15:52:05.123Z" -> 2026.
std::optional<int> year_of_iso(std::string_view iso);

// Scheme-relative links ("//x.en.alibaba.com") as https URLs; others unchanged.
std::string absolute_url(std::string url);

// Joins the non-empty parts with ','.
std::string join_badges(std::initializer_list<std::string> parts);

// The identity of the firm a search-result link points to, as a membership fact: the name from
// the link's title attribute (else its text), the href made absolute, and the id as the first
// capture of `id_pattern` in that URL ("" when it does not match). Other fields are left empty.
MembershipFact membership_from_link(HtmlNode link, const std::string& id_pattern);

}  // namespace tradedig::crawler
