// Terminal display width of UTF-8 text: CJK characters take two columns, combining marks none.
// Used to align tables that mix Chinese and Latin text.
#pragma once
#include <string>
#include <string_view>

namespace tradedig {

size_t display_width(std::string_view utf8);

// Pads (on the right, or the left when `right_align`) to `width` display columns.
std::string pad_to_width(std::string_view utf8, size_t width, bool right_align = false);

// Cuts to at most `width` display columns, ending with "…" when something was cut.
std::string truncate_to_width(std::string_view utf8, size_t width);

}  // namespace tradedig
