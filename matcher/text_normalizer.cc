#include <opencc/SimpleConverter.hpp>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <string_view>

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
  std::unique_ptr<opencc::SimpleConverter> t2s;
};

TextNormalizer::TextNormalizer() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) throw UserError("ICU cannot load its NFKC normalisation data.");
  // OpenCC resolves a bare config name against its own data folder; Debian puts it in /usr/share/opencc.
  for (const char* config : {"t2s.json", "/usr/share/opencc/t2s.json"}) {
    try {
      impl_->t2s = std::make_unique<opencc::SimpleConverter>(config);
      break;
    } catch (const std::exception&) {
    }
  }
  if (!impl_->t2s) throw UserError("OpenCC cannot open t2s.json (install the opencc data package).");
}

TextNormalizer::~TextNormalizer() = default;

std::string TextNormalizer::normalize(std::string_view utf8) const {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString n = impl_->nfkc->normalize(u, status);
  std::string nfkc;
  (U_FAILURE(status) ? u : n).toUTF8String(nfkc);
  std::string simp = impl_->t2s->Convert(nfkc);

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
      if (rest.substr(0, from.size()) == from) { piece = from; repl = to; break; }
    if (pending_space) out += ' ';
    pending_space = false;
    out += repl.empty() ? piece : repl;
    i += piece.size();
  }
  return out;
}

}  // namespace tradedig::matcher
