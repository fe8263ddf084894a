#include <opencc/Config.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/Dict.hpp>
#include <opencc/DictGroup.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MaxMatchSegmentation.hpp>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <string_view>
#include <vector>

#include "matcher/lexicons.h"
#include "matcher/matcher.h"
#include "util/error.h"

namespace tradedig::matcher {

namespace {
// Bracket and dash variants seen in firm lists, mapped to one ASCII form after NFKC (which already
// folds the full-width （）［］｛｝ to ASCII). Mixed brackets are the commonest spurious mismatch
// ("注意公司名称中包含括号时，中英文括号的差别", MATCHING.md §2.2).
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kFolds = {{
    {"[", "("}, {"]", ")"}, {"{", "("}, {"}", ")"}, {"【", "("}, {"】", ")"}, {"〔", "("}, {"〕", ")"},
    {"〖", "("}, {"〗", ")"}, {"「", "("}, {"」", ")"}, {"『", "("}, {"』", ")"},
    {"‐", "-"}, {"–", "-"}, {"—", "-"}, {"・", "·"},
}};

bool is_space(std::string_view s, size_t i, size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { len = 1; return true; }
  return false;
}
}  // namespace

struct TextNormalizer::Impl {
  const icu::Normalizer2* nfkc = nullptr;
  opencc::ConverterPtr t2s;
  // Every key of the converter's dictionaries. OpenCC copies a text in which no key starts at any
  // character unchanged, and most names are such texts; looking for a key in this trie is far
  // cheaper than OpenCC's own segmentation.
  WordSet keys;
  bool keys_known = false;

  void add_keys(const opencc::DictPtr& dict) {
    if (auto group = std::dynamic_pointer_cast<opencc::DictGroup>(dict)) {
      for (const auto& member : group->GetDicts()) add_keys(member);
      return;
    }
    opencc::LexiconPtr lexicon = dict ? dict->GetLexicon() : nullptr;
    if (!lexicon) {
      keys_known = false;
      return;
    }
    for (const auto& entry : *lexicon) {
      if (!entry->Key().empty()) keys.insert(entry->Key());
    }
  }
  void collect_keys() {
    keys_known = true;
    auto segmentation = std::dynamic_pointer_cast<opencc::MaxMatchSegmentation>(t2s->GetSegmentation());
    add_keys(segmentation ? segmentation->GetDict() : nullptr);
    for (const auto& conversion : t2s->GetConversionChain()->GetConversions()) add_keys(conversion->GetDict());
  }
  // Whether some dictionary key starts at some character of `text` (then OpenCC may change it).
  bool any_key_in(std::string_view text) const {
    if (!keys_known) return true;
    thread_local std::vector<uint32_t> codes;
    codes.clear();
    append_char_codes(text, codes);
    for (size_t i = 0; i < codes.size(); ++i)
      if (keys.longest_prefix(codes.data() + i, codes.size() - i) > 0) return true;
    return false;
  }
};

TextNormalizer::TextNormalizer() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) throw UserError("ICU cannot load its NFKC normalisation data.");
  // OpenCC resolves a bare config name against its own data folder; Debian puts it in /usr/share/opencc.
  for (const char* config : {"t2s.json", "/usr/share/opencc/t2s.json"}) {
    try {
      impl_->t2s = opencc::Config().NewFromFile(config);
      break;
    } catch (const std::exception&) {
    }
  }
  if (!impl_->t2s) throw UserError("OpenCC cannot open t2s.json (install the opencc data package).");
  impl_->collect_keys();
}

TextNormalizer::~TextNormalizer() = default;

std::string TextNormalizer::normalize(std::string_view utf8) const {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString n = impl_->nfkc->normalize(u, status);
  std::string nfkc;
  (U_FAILURE(status) ? u : n).toUTF8String(nfkc);
  std::string simp = impl_->any_key_in(nfkc) ? impl_->t2s->Convert(nfkc) : std::move(nfkc);

  std::string out;
  out.reserve(simp.size());
  bool pending_space = false;
  for (size_t i = 0; i < simp.size();) {
    size_t len = 0;
    if (is_space(simp, i, len)) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    std::string_view rest = std::string_view(simp).substr(i);
    std::string_view piece = rest.substr(0, 1);
    std::string_view repl;
    for (auto& [from, to] : kFolds)
      if (rest[0] == from[0] && rest.starts_with(from)) { piece = from; repl = to; break; }
    if (pending_space) out += ' ';
    pending_space = false;
    out += repl.empty() ? piece : repl;
    i += piece.size();
  }
  return out;
}

}  // namespace tradedig::matcher
