#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::http {

/// Where a server listens: a unix socket path or a TCP host and port.
struct Endpoint {
  enum class Kind { kUnix, kTcp };
  Kind kind = Kind::kUnix;
  std::string path;  // kUnix: an absolute socket path
  std::string host;  // kTcp: a name or an address ("::1" without brackets)
  uint16_t port = 0;

  /// The URL form: "unix:///var/run/docker.sock" or "tcp://127.0.0.1:2375".
  std::string ToString() const;
};

/// Parses "unix:///var/run/docker.sock", "tcp://127.0.0.1:2375", "tcp://[::1]:2375" or an
/// absolute path ("/run/x.sock"). A tcp URL without a port gets Docker's 2375.
Result<Endpoint> ParseEndpoint(std::string_view url);

}  // namespace ds01::http
