#include <catch2/catch.hpp>

#include "matcher/matcher.h"
#include "tests/test_support.h"
#include "util/error.h"

using tradedig::UserError;
using tradedig::matcher::Lexicons;
using tradedig::testing::ScratchDir;

namespace {
// A data folder with every file present and tiny; `bilingual` is the lexicon's text.
void write_minimal_data(const ScratchDir& dir, const std::string& bilingual) {
  dir.write("suffix.txt", "有限公司\n");
  dir.write("trade.txt", "科技\n");
  dir.write("china_place.txt", "深圳\n");
  dir.write("gb2260_all_names_1980_2019.csv", "code,name,name_short_heuristic\n440300,深圳市,深圳\n");
  dir.write("polyphone_overrides.csv", "fragment,auto,correct,example\n厦门,Sha Men,Xia Men,\n");
  dir.write("pinyin_fixes.tsv", "长\tchang\n");
  dir.write("bilingual_lexicon.tsv", bilingual);
  dir.write("han_glosses.tsv", "# comment\n凤\tfung\tmale phoenix symbol joy\n朊\tjyun\n");
  dir.write("word_glosses.tsv", "# comment\n明珠\tpearl jewel\n冶炼\tsmelt metal\n凤\tphoenix fenghuang\n");
}
}  // namespace

TEST_CASE("loading lexicons from a folder without them names the missing file", "[matcher]") {
  ScratchDir dir;
  REQUIRE_THROWS_AS(Lexicons::load(dir.file("nothing-here")), UserError);
  REQUIRE_THROWS_WITH(Lexicons::load(dir.file("nothing-here")), Catch::Contains("suffix.txt"));
}

TEST_CASE("a malformed bilingual lexicon line is reported with its text", "[matcher]") {
  ScratchDir dir;
  write_minimal_data(dir, "科技\ttechnology\n进出口 import and export\n");
  REQUIRE_THROWS_WITH(Lexicons::load(dir.file("")), Catch::Contains("进出口 import and export"));
}

TEST_CASE("a minimal data folder loads and maps English phrases to Chinese concepts", "[matcher]") {
  ScratchDir dir;
  write_minimal_data(dir, "# comment\n进出口\tImport & Export\n中国\tchina\tnot-industry\n");
  Lexicons lex = Lexicons::load(dir.file(""));
  CHECK(lex.places.contains("深圳市"));
  CHECK(lex.industry.contains("进出口"));
  CHECK(!lex.industry.contains("中国"));
  REQUIRE(lex.en_phrase_concepts.count("import and export") == 1);
  CHECK(lex.en_phrase_concepts.at("import and export") == std::vector<std::string>{"@进出口"});
  CHECK(lex.pinyin_fixes.at("厦门") == std::vector<std::string>{"xia", "men"});
  CHECK(lex.cantonese.at("凤") == std::vector<std::string>{"fung"});
  CHECK(lex.gloss_has("凤", "phoenix"));
  CHECK(lex.gloss_has("凤", "phoenixes"));  // a plural finds its singular
  CHECK(!lex.gloss_has("凤", "dragon"));
  CHECK(!lex.gloss_has("朊", "phoenix"));  // a character with a reading but no definition
  CHECK(lex.gloss_has("明珠", "pearls"));     // a word's definition, from word_glosses.tsv
  CHECK(lex.gloss_has("冶炼", "smelter"));    // the agent noun of a defined verb
  CHECK(lex.gloss_has("冶炼", "metals"));     // a plural finds its singular here too
  CHECK(!lex.gloss_has("冶炼", "melter"));
  // A character's CC-CEDICT words join its Unihan ones, each once.
  CHECK(lex.han_glosses.at("凤") == std::vector<std::string>{"male", "phoenix", "symbol", "joy", "fenghuang"});
}

TEST_CASE("a malformed word gloss line is reported with its text", "[matcher]") {
  ScratchDir dir;
  write_minimal_data(dir, "科技\ttechnology\n");
  dir.write("word_glosses.tsv", "中华人民共和国\tpeople's republic of china\n");  // longer than 4 characters
  REQUIRE_THROWS_WITH(Lexicons::load(dir.file("")), Catch::Contains("word_glosses.tsv") && Catch::Contains("中华人民共和国"));
}

TEST_CASE("a malformed gloss line is reported with its text", "[matcher]") {
  ScratchDir dir;
  write_minimal_data(dir, "科技\ttechnology\n");
  dir.write("han_glosses.tsv", "凤凰\tfung\tphoenix\n");
  REQUIRE_THROWS_WITH(Lexicons::load(dir.file("")), Catch::Contains("凤凰"));
}

TEST_CASE("English words are tried as the singulars they may be plurals of", "[matcher]") {
  using tradedig::matcher::singular_forms;
  CHECK(singular_forms("materials") == std::vector<std::string>{"materials", "material"});
  CHECK(singular_forms("batteries") == std::vector<std::string>{"batteries", "batterie", "batteri", "battery"});
  CHECK(singular_forms("glass") == std::vector<std::string>{"glass"});
  CHECK(singular_forms("bus") == std::vector<std::string>{"bus"});
}
