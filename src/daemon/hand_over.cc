#include "daemon/hand_over.h"

#include <chrono>

#include "daemon/api_response.h"
#include "http/fd_passing.h"

namespace ds01::daemon {
namespace {

// How long a client may take to say it has read the 101 before the hand-over.
constexpr std::chrono::seconds kGoAheadWait{10};
constexpr std::chrono::seconds kLineWrite{10};

bool AwaitGoAhead(http::UpgradedConnection& connection) {
  if (!connection.early_bytes.empty()) return true;
  char byte = 0;
  auto got = connection.socket.Read(&byte, 1, kGoAheadWait);
  return got.ok() && *got == 1;
}

}  // namespace

void HandOver(const RouteCall& call, std::string_view protocol, const OpenHandOff& open) {
  auto upgraded = call.exchange.Upgrade(protocol, {});
  if (!upgraded.ok()) return call.Reply(ErrorResponse(upgraded.error()));
  if (!AwaitGoAhead(*upgraded)) return;  // the client left
  auto handed = open();
  if (!handed.ok()) {
    (void)upgraded->socket.WriteAll("\n" + ErrorResponse(handed.error()).body, kLineWrite);
    return;
  }
  if (!http::SendDescriptor(upgraded->socket.fd(), handed->socket.get())) return;
  (void)upgraded->socket.WriteAll(handed->line + "\n" + handed->early_bytes, kLineWrite);
}

bool AsksForHandOver(const RouteCall& call, std::string_view protocol) {
  return http::HasHeaderToken(call.request().request.headers, "Upgrade", protocol);
}

}  // namespace ds01::daemon
