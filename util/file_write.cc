#include "util/file_write.h"

#include <cstdio>
#include <fstream>

#include "util/error.h"

namespace tradedig {

void write_file_atomically(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".part";
  bool ok = false;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    ok = out && out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) && out.flush();
  }
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw UserError("cannot write " + path);
  }
}

}  // namespace tradedig
