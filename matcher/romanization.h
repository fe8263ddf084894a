// Comparing romanised spellings loosely: how English brand spellings relate to pinyin.
#pragma once
#include <string>
#include <vector>

namespace tradedig::matcher {

// The consonant outline of a romanised word: brands are often pinyin respelled to look
// English ("Megmeet" for 麦格米特 maigemite, "Boton" for 宝通 baotong), which keeps the
// consonants and changes the vowels. zh/ch/sh and ng fold to z/c/s and n; repeats collapse.
std::string consonant_outline(const std::string& word);

// Dice coefficient of the letter bigrams of two words, in [0, 1].
double letter_bigram_dice(const std::string& a, const std::string& b);

// First letters of each syllable ("zhong jia bo chuang" → "zjbc"), as in "ZJBC" for 中嘉博创.
std::string initials(const std::vector<std::string>& syllables, size_t begin, size_t end);

// A loose phonetic spelling, so that the ways firms respell their 字号 meet the pinyin: "Loncin"
// and 隆鑫 longxin both become "lonsin". Both sides fold zh/j → z, ch/q → c, sh/x → s, ng → n,
// v → w and doubled letters; English spellings also fold ph → f, ck → k, Wade–Giles hs → s and
// ts/tz → c, and read c as s before e/i/y and as k elsewhere.
std::string phonetic_spelling(const std::string& word, bool is_pinyin);

// Similarity in [0, 1] of two phonetic spellings: 1 − weighted edit distance / longer length,
// where vowels for vowels, look-alike consonants (b/p, d/t, g/k, l/n/r, z/c/s, f/h, m/n) and
// dropped vowels, h or r cost less than other edits ("hiron" vs hairong "hairon": 0.92).
// 0 when the first sounds differ (a consonant against a vowel, or unrelated consonants).
double phonetic_similarity(const std::string& a, const std::string& b);

// The sound pattern of a phonetic spelling: consonant classes (b/p → b, d/t → d, g/k → g,
// l/n/r → n, z/c/s → s, f/h → h), each vowel run as V, repeats collapsed, a final vowel dropped.
// The loose key under which an English brand word finds the 字号 it respells: "hiron" and
// 海容 "hairon" → "hVnVn", "caissa" and 凯撒 "kaisa" → "gVs".
std::string phonetic_outline(const std::string& spelling);

// Older spellings of a toneless pinyin syllable, as firms founded or named before pinyin (or in
// Hong Kong and Taiwan) still write their 字号 and region: Wade–Giles and Chinese postal
// romanisation, apostrophes and umlauts left out as English names leave them out. Rules, not a
// list of names: b/d/g → p/t/k (Peking, Tunghai), j/q → ch, ts or k (Tsingtao, Kiangsu), x → hs
// or s (Hsin), zh → ch (Chekiang), r → j, z/c → ts or tz, -ong → -ung, -ian → -ien, -ie → -ieh,
// -uo → -o, -ui → -uei or -wei (Kweichow), -ua → -wa (Hwa), -ou → -ow (Hangchow), -u → -oo
// (Foochow), e → o after g/k/h (Ko); zhi/chi/shi/ri → -ih, zi/ci/si → tzu, ssu, sze. The syllable
// itself is not included; an unknown or empty syllable gets none.
// Example: older_romanizations("dong") holds "tung"; older_romanizations("gui") holds "kwei".
std::vector<std::string> older_romanizations(const std::string& pinyin);

}  // namespace tradedig::matcher
