#pragma once

#include <cstddef>
#include <string_view>

#include "daemon/api_deps.h"
#include "daemon/router.h"
#include "http/exchange.h"

namespace ds01::daemon {

/// The /v1 routes of docs/api.md: each resource's route module registers its routes with their
/// declared access, and the router enforces it before any handler runs.
class Api {
 public:
  explicit Api(ApiDeps deps);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  /// Answers one request; never throws for a bad request (errors are JSON bodies).
  void Handle(http::Exchange& exchange) const { router_.Dispatch(exchange); }

  /// The largest body the route for `method` and `target` reads.
  std::size_t BodyLimit(std::string_view method, std::string_view target) const {
    return router_.BodyLimit(method, target);
  }

  const Router& router() const { return router_; }

 private:
  const ApiDeps deps_;
  Router router_;
};

}  // namespace ds01::daemon
