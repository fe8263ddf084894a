// The character set of a stored page, and its text as UTF-8.
//
// Order of evidence, as browsers use it: a byte-order mark, the Content-Type header's charset,
// then <meta charset> / <meta http-equiv content="...charset=..."> in the first 4 KB. A declared
// UTF-8 that is not valid UTF-8 falls through to the next evidence, because servers (and the
// replay server) label GBK pages as UTF-8 often enough.
#pragma once
#include <string>
#include <string_view>

namespace tradedig::crawler {

// "utf-8", "gb18030" (GBK and GB2312 decode as their superset) or "big5".
std::string page_charset(std::string_view content_type, std::string_view body);

// The body as UTF-8. Undecodable bytes never throw: the text is decoded as far as possible and
// the rest replaced by U+FFFD, so one bad byte does not lose a page.
std::string page_text_utf8(std::string_view content_type, std::string_view body);

// UTF-8 text re-encoded as GBK bytes (1688's query parameters). Throws UserError when a
// character has no GBK form.
std::string utf8_to_gbk(std::string_view utf8);

}  // namespace tradedig::crawler
