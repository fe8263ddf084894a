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

}  // namespace tradedig::matcher
