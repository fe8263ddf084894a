// SHA-256 digests (OpenSSL's libcrypto), lower-case hex. Used to identify imported files and pages.
#pragma once
#include <string>
#include <string_view>

namespace tradedig {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex_digest();  // ends the computation

 private:
  void* ctx_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace tradedig
