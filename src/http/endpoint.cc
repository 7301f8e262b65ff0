#include "http/endpoint.h"

#include <sys/un.h>

#include <charconv>
#include <string>

namespace ds01::http {
namespace {

constexpr std::string_view kUnixScheme = "unix://";
constexpr std::string_view kTcpScheme = "tcp://";
constexpr uint16_t kDockerPort = 2375;
constexpr const char* kEndpointHint =
    "give unix:///path/to.sock, an absolute socket path, or tcp://host:port";

Error BadEndpoint(std::string_view url, std::string_view why) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "bad endpoint \"" + std::string(url) + "\": " + std::string(why), kEndpointHint);
}

Result<Endpoint> ParseUnix(std::string_view url, std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return BadEndpoint(url, "the socket path must be absolute");
  }
  if (path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return BadEndpoint(url, "the socket path is longer than " +
                                std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) + " bytes");
  }
  if (path.find('\0') != std::string_view::npos) {
    return BadEndpoint(url, "the socket path contains a NUL byte");
  }
  Endpoint endpoint;
  endpoint.kind = Endpoint::Kind::kUnix;
  endpoint.path = std::string(path);
  return endpoint;
}

Result<Endpoint> ParseTcp(std::string_view url, std::string_view rest) {
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::string_view host;
  std::string_view port_text;
  if (!rest.empty() && rest.front() == '[') {
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return BadEndpoint(url, "unclosed '[' in the host");
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return BadEndpoint(url, "expected ':' after ']'");
      port_text = after.substr(1);
      if (port_text.empty()) return BadEndpoint(url, "empty port");
    }
  } else {
    std::size_t colon = rest.rfind(':');
    host = rest.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = rest.substr(colon + 1);
      if (port_text.empty()) return BadEndpoint(url, "empty port");
    }
    if (host.find(':') != std::string_view::npos) {
      return BadEndpoint(url, "an IPv6 address needs brackets: tcp://[::1]:2375");
    }
  }
  if (host.empty()) return BadEndpoint(url, "no host");
  for (char c : host) {
    bool name_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '.' || c == '_' || c == ':' || c == '%';
    if (!name_char) return BadEndpoint(url, "unexpected character in the host");
  }
  uint16_t port = kDockerPort;
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return BadEndpoint(url, "the port must be a number from 1 to 65535");
    }
    port = static_cast<uint16_t>(value);
  }
  Endpoint endpoint;
  endpoint.kind = Endpoint::Kind::kTcp;
  endpoint.host = std::string(host);
  endpoint.port = port;
  return endpoint;
}

}  // namespace

std::string Endpoint::ToString() const {
  if (kind == Kind::kUnix) return std::string(kUnixScheme) + path;
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(kTcpScheme) + h + ":" + std::to_string(port);
}

Result<Endpoint> ParseEndpoint(std::string_view url) {
  if (url.empty()) return BadEndpoint(url, "it is empty");
  if (url.front() == '/') return ParseUnix(url, url);
  if (url.substr(0, kUnixScheme.size()) == kUnixScheme) {
    return ParseUnix(url, url.substr(kUnixScheme.size()));
  }
  if (url.substr(0, kTcpScheme.size()) == kTcpScheme) {
    return ParseTcp(url, url.substr(kTcpScheme.size()));
  }
  return BadEndpoint(url, "unknown scheme");
}

}  // namespace ds01::http
