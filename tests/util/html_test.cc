// util/html.h: escaping text for HTML and LaTeX table cells.
#include <catch2/catch.hpp>

#include "util/html.h"

using tradedig::html_escape;
using tradedig::latex_escape;

TEST_CASE("HTML escaping keeps markup characters out of the page", "[html]") {
  CHECK(html_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  CHECK(html_escape("深圳市振业") == "深圳市振业");
}

TEST_CASE("LaTeX escaping turns every special into text a table cell compiles", "[html]") {
  CHECK(latex_escape("firm_id & 5% $ #1 {x}") == "firm\\_id \\& 5\\% \\$ \\#1 \\{x\\}");
  // A fixed-effect interaction is named with carets; a bare ^ outside math mode stops LaTeX.
  CHECK(latex_escape("province^industry^year FE") == "province\\^{}industry\\^{}year FE");
  CHECK(latex_escape("a~b\\c") == "a\\textasciitilde{}b\\textbackslash{}c");
  CHECK(latex_escape("平安银行") == "平安银行");
}
