// Keys for deterministic joins on names and codes (panel passes, bridge joins): two records join
// when their keys are equal and not empty. Unlike the scored linkers in matcher.h, nothing here
// is fuzzy; a key only removes differences of spelling that never tell two firms apart.
#pragma once
#include <string>
#include <string_view>

#include "matcher/matcher.h"

namespace tradedig::matcher {

// The text as given, without surrounding ASCII white space ("exact" joins).
std::string exact_key(std::string_view text);

// A name after the matcher's normalisation, so that spellings of one name agree:
//  * text with any non-ASCII character after TextNormalizer::normalize (Chinese names): that
//    normalised form (NFKC, traditional → simplified, one bracket style) with spaces removed and
//    ASCII letters lower-cased, e.g. "深圳市振业（集團）股份有限公司" → "深圳市振业(集团)股份有限公司";
//  * ASCII text (English names): parse_en_name()'s tokens joined by single spaces, so case,
//    punctuation, abbreviations and the legal form do not matter, e.g. "Haitian Imp. & Exp. Co.,
//    Ltd." and "HAITIAN IMPORT AND EXPORT COMPANY LIMITED" → "haitian import and export".
// Empty when the text has no ASCII letter or digit and no non-ASCII character.
std::string normalized_name_key(std::string_view name, const TextNormalizer& norm);

}  // namespace tradedig::matcher
