#include "matcher/join_keys.h"

#include "util/parse.h"

namespace tradedig::matcher {

std::string exact_key(std::string_view text) { return std::string(trim(text)); }

std::string normalized_name_key(std::string_view name, const TextNormalizer& norm) {
  std::string n = norm.normalize(name);
  bool ascii = true;
  for (char ch : n)
    if (static_cast<unsigned char>(ch) >= 0x80) ascii = false;
  std::string key;
  if (ascii) {
    // An English name: parse_en_name() already folds case, punctuation, abbreviations and legal forms.
    for (const auto& token : parse_en_name(n, norm).tokens) key += (key.empty() ? "" : " ") + token;
    return key;
  }
  for (char ch : n)
    if (ch != ' ') key += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
  return key;
}

}  // namespace tradedig::matcher
