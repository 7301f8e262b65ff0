#pragma once

#include "core/container_engine.h"
#include "core/container_service.h"
#include "core/container_view.h"
#include "daemon/caller.h"
#include "daemon/router.h"
#include "gpu/inventory.h"
#include "gpu/sampler.h"
#include "http/server.h"
#include "policy/config_holder.h"
#include "store/store.h"

namespace ds01::daemon {

/// What the API answers from.
struct ApiDeps {
  core::ContainerService& service;
  store::Store& store;
  core::ContainerEngine& engine;
  const Authoriser& authoriser;
  const policy::ConfigHolder& config;
  core::LimitsFor limits;  // a user's effective limits, clamped to the host
  const gpu::Inventory& inventory;
  const gpu::GpuSampler* sampler = nullptr;  // null: GPU usage is not known
};

/// The /v1 routes of docs/api.md over the container service. Every route first identifies
/// the caller from the peer credentials and acts only within what they may see.
class Api {
 public:
  explicit Api(ApiDeps deps);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  /// Answers one request; never throws for a bad request (errors are JSON bodies).
  http::Response Handle(const http::ServerRequest& request) const;

 private:
  using Method = http::Response (Api::*)(const Caller&, const http::ServerRequest&,
                                         const PathParams&) const;
  void Route(std::string method, std::string_view pattern, Method handler);

  http::Response ListContainers(const Caller& caller, const http::ServerRequest& request,
                                const PathParams& params) const;
  http::Response CreateContainer(const Caller& caller, const http::ServerRequest& request,
                                 const PathParams& params) const;
  http::Response GetContainer(const Caller& caller, const http::ServerRequest& request,
                              const PathParams& params) const;
  http::Response StartContainer(const Caller& caller, const http::ServerRequest& request,
                                const PathParams& params) const;
  http::Response StopContainer(const Caller& caller, const http::ServerRequest& request,
                               const PathParams& params) const;
  http::Response PauseContainer(const Caller& caller, const http::ServerRequest& request,
                                const PathParams& params) const;
  http::Response UnpauseContainer(const Caller& caller, const http::ServerRequest& request,
                                  const PathParams& params) const;
  http::Response RemoveContainer(const Caller& caller, const http::ServerRequest& request,
                                 const PathParams& params) const;
  http::Response ContainerStats(const Caller& caller, const http::ServerRequest& request,
                                const PathParams& params) const;
  http::Response AllStats(const Caller& caller, const http::ServerRequest& request,
                          const PathParams& params) const;
  http::Response Gpus(const Caller& caller, const http::ServerRequest& request,
                      const PathParams& params) const;
  http::Response Limits(const Caller& caller, const http::ServerRequest& request,
                        const PathParams& params) const;

  // The uid whose container the route's {name} is, as the caller may address it.
  Result<uid_t> Owner(const Caller& caller, const http::ServerRequest& request,
                      const PathParams& params) const;
  // Samples every view's container; one that cannot be read fails a `single` answer and is
  // left out of a listing.
  http::Response Stats(const std::vector<core::ContainerView>& views, bool single) const;
  http::Response Container(int status, const Result<core::ContainerView>& view) const;

  ApiDeps deps_;
  Router router_;
};

}  // namespace ds01::daemon
