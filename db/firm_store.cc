#include "db/firm_store.h"

namespace tradedig::db {

std::vector<std::string> load_firm_ids(const Connection& c) {
  std::vector<std::string> out;
  auto st = c.prepare("SELECT firm_id FROM firms ORDER BY firm_id");
  while (st.step()) out.push_back(st.column_string(0));
  return out;
}

std::unordered_map<std::string, std::string> load_firm_names_zh(const Connection& c) {
  std::unordered_map<std::string, std::string> out;
  auto st = c.prepare("SELECT firm_id, name_zh FROM firms WHERE name_zh IS NOT NULL");
  while (st.step()) out.emplace(st.column_string(0), st.column_string(1));
  return out;
}

std::unordered_map<std::string, std::string> load_firm_industries(const Connection& c) {
  std::unordered_map<std::string, std::string> out;
  auto st = c.prepare("SELECT firm_id, industry FROM firms WHERE industry IS NOT NULL AND industry <> ''");
  while (st.step()) out.emplace(st.column_string(0), st.column_string(1));
  return out;
}

}  // namespace tradedig::db
