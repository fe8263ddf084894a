#include <cstdio>

#include "cli/commands.h"

namespace tradedig::cli {

void say(const Globals& g, const std::string& text) {
  if (g.quiet) return;
  std::fputs(text.c_str(), stdout);
  if (text.empty() || text.back() != '\n') std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace tradedig::cli
