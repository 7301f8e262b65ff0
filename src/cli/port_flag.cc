#include "cli/port_flag.h"

#include <charconv>
#include <string>

#include "cli/args.h"

namespace ds01::cli {
namespace {

Error Malformed(std::string_view text) {
  return UsageError("'" + std::string(text) + "' is not [[IP:]HOST:]PORT[/tcp|udp]",
                    "write e.g. --port 8888 (ds01 picks the host port) or --port 20001:8888");
}

bool ReadPort(std::string_view text, int* port) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *port);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<api::Port> ParsePortFlag(std::string_view text) {
  api::Port port;
  std::string_view rest = text;
  if (const std::size_t slash = rest.rfind('/'); slash != std::string_view::npos) {
    port.protocol = std::string(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
  }
  const std::size_t last = rest.rfind(':');
  if (!ReadPort(rest.substr(last == std::string_view::npos ? 0 : last + 1), &port.container)) {
    return Malformed(text);
  }
  if (last == std::string_view::npos) return port;
  rest = rest.substr(0, last);
  const std::size_t first = rest.rfind(':');
  const std::string_view host = rest.substr(first == std::string_view::npos ? 0 : first + 1);
  if (!host.empty()) {
    int number = 0;
    if (!ReadPort(host, &number)) return Malformed(text);
    port.host = number;
  }
  if (first != std::string_view::npos) {
    if (first == 0) return Malformed(text);
    port.host_ip = std::string(rest.substr(0, first));
  }
  return port;
}

}  // namespace ds01::cli
