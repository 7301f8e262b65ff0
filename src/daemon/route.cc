#include "daemon/route.h"

#include <spdlog/spdlog.h>

namespace ds01::daemon {

void RouteCall::Reply(const http::Response& response) const {
  const http::ServerRequest& sent = request();
  if (response.status >= 500) {
    spdlog::warn("{} {} (uid {}): {} {}", sent.request.method, sent.request.target, sent.peer.uid,
                 response.status, response.body);
  } else {
    spdlog::debug("{} {} (uid {}): {}", sent.request.method, sent.request.target, sent.peer.uid,
                  response.status);
  }
  if (before_reply) before_reply();
  exchange.Reply(response);
}

}  // namespace ds01::daemon
