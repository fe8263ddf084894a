#include "tests/crawler/fetch_fixture.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace tradedig::testing {

std::vector<std::pair<uint64_t, crawler::FetchResult>> wait_all(crawler::Fetcher& f) {
  std::vector<std::pair<uint64_t, crawler::FetchResult>> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (f.in_flight() && std::chrono::steady_clock::now() < deadline)
    for (auto& r : f.poll(50)) out.push_back(std::move(r));
  return out;
}

crawler::FetchResult fetch_one(crawler::Fetcher& f, const crawler::FetchRequest& req,
                               const crawler::TransferSettings& settings) {
  f.start(1, req, settings);
  auto done = wait_all(f);
  if (done.size() == 1) return std::move(done[0].second);
  crawler::FetchResult none;
  none.error = "test: no result in 10 s";
  return none;
}

namespace {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificates: ") + what + " failed");
}

// P-256 keys: generated in about a millisecond, where RSA-2048 takes tens.
Key new_key() {
  Key k(EVP_EC_gen("P-256"));
  require(k != nullptr, "EVP_EC_gen");
  return k;
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value);
  require(ext != nullptr, "X509V3_EXT_conf_nid");
  require(X509_add_ext(cert, ext, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(ext);
}

// A v3 certificate for `key` named CN=`cn`, signed by `issuer_key` (the issuer being `issuer`, or
// the certificate itself when null: the self-signed CA).
Cert new_cert(EVP_PKEY* key, const char* cn, long serial, X509* issuer, EVP_PKEY* issuer_key) {
  Cert c(X509_new());
  require(c != nullptr, "X509_new");
  X509* x = c.get();
  require(X509_set_version(x, 2) == 1, "X509_set_version");
  require(ASN1_INTEGER_set(X509_get_serialNumber(x), serial) == 1, "ASN1_INTEGER_set");
  require(X509_gmtime_adj(X509_getm_notBefore(x), -3600) != nullptr, "X509_gmtime_adj");
  require(X509_gmtime_adj(X509_getm_notAfter(x), 86400) != nullptr, "X509_gmtime_adj");
  require(X509_set_pubkey(x, key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(x);
  require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1,
                                     0) == 1,
          "X509_NAME_add_entry_by_txt");
  require(X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name) == 1, "X509_set_issuer_name");
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : x, x, nullptr, nullptr, 0);
  add_extension(x, &ctx, NID_subject_key_identifier, "hash");
  if (!issuer) {
    add_extension(x, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(x, &ctx, NID_authority_key_identifier, "keyid");
    add_extension(x, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(x, &ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(x, &ctx, NID_ext_key_usage, "serverAuth");
    add_extension(x, &ctx, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  }
  require(X509_sign(x, issuer_key, EVP_sha256()) > 0, "X509_sign");
  return c;
}

void write_pem(const std::string& path, X509* cert, EVP_PKEY* key) {
  FILE* f = std::fopen(path.c_str(), "wb");
  require(f != nullptr, "fopen");
  bool ok = cert ? PEM_write_X509(f, cert) == 1
                 : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  ok = std::fclose(f) == 0 && ok;
  require(ok, "writing a PEM file");
}

}  // namespace

TestCertificates make_test_certificates(const ScratchDir& dir) {
  Key ca_key = new_key(), server_key = new_key();
  Cert ca = new_cert(ca_key.get(), "tradedig test CA", 1, nullptr, ca_key.get());
  Cert server = new_cert(server_key.get(), "127.0.0.1", 2, ca.get(), ca_key.get());
  TestCertificates t{dir.file("ca.pem"), dir.file("server.pem"), dir.file("server-key.pem")};
  write_pem(t.ca_file, ca.get(), nullptr);
  write_pem(t.cert_file, server.get(), nullptr);
  write_pem(t.key_file, nullptr, server_key.get());
  return t;
}

LoopbackServer::LoopbackServer(std::unique_ptr<httplib::Server> srv)
    : srv_(std::move(srv)), tls_(dynamic_cast<httplib::SSLServer*>(srv_.get()) != nullptr) {
  if (!srv_->is_valid()) throw std::runtime_error("loopback server: invalid (certificate or key not loaded)");
  port_ = srv_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("loopback server: cannot bind 127.0.0.1");
  thread_ = std::thread([this] { srv_->listen_after_bind(); });
  // httplib's stop() does nothing until the listen loop runs (see ReplayServer::start).
  for (int i = 0; i < 5000 && !srv_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

LoopbackServer::~LoopbackServer() {
  srv_->stop();
  if (thread_.joinable()) thread_.join();
}

RecordingServer::RecordingServer(Answer answer, std::unique_ptr<httplib::Server> srv) {
  srv->Get(".*", [this, answer](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen_.push_back({req.target, req.get_header_value("Host"), req.get_header_value("Accept-Encoding"),
                       req.get_header_value("Cookie")});
    }
    answer(req, res);
  });
  server_ = std::make_unique<LoopbackServer>(std::move(srv));
}

std::vector<SeenRequest> RecordingServer::seen() {
  std::lock_guard<std::mutex> lock(mu_);
  return seen_;
}

std::string LoopbackServer::base_url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

}  // namespace tradedig::testing
