#include "util/display_width.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace tradedig {
namespace {
int char_width(UChar32 c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  int gc = u_charType(c);
  if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR) return 0;
  int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
}
}  // namespace

size_t display_width(std::string_view s) {
  size_t w = 0;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    w += c < 0 ? 1 : static_cast<size_t>(char_width(c));
  }
  return w;
}

std::string pad_to_width(std::string_view s, size_t width, bool right_align) {
  size_t w = display_width(s);
  std::string pad(w < width ? width - w : 0, ' ');
  return right_align ? pad + std::string(s) : std::string(s) + pad;
}

std::string truncate_to_width(std::string_view s, size_t width) {
  if (display_width(s) <= width) return std::string(s);
  size_t w = 0;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    size_t cw = c < 0 ? 1 : static_cast<size_t>(char_width(c));
    if (w + cw + 1 > width) return std::string(s.substr(0, static_cast<size_t>(start))) + "…";
    w += cw;
  }
  return std::string(s);
}

}  // namespace tradedig
