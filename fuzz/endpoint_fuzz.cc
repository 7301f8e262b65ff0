// Parses arbitrary endpoint URLs; whatever parses must print back to a URL that parses to the
// same endpoint.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/split_input.h"
#include "http/endpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view url(reinterpret_cast<const char*>(data), size);
  auto endpoint = ds01::http::ParseEndpoint(url);
  if (!endpoint.ok()) return 0;
  auto again = ds01::http::ParseEndpoint(endpoint->ToString());
  ds01::fuzz::Check(again.ok());
  ds01::fuzz::Check(again->kind == endpoint->kind && again->path == endpoint->path &&
                    again->host == endpoint->host && again->port == endpoint->port);
  return 0;
}
