#pragma once

#include "common/clock.h"
#include "core/account_writer.h"
#include "core/container_engine.h"
#include "core/container_service.h"
#include "core/exec_engine.h"
#include "core/image_builder.h"
#include "core/image_engine.h"
#include "daemon/caller.h"
#include "daemon/engine_calls.h"
#include "gpu/inventory.h"
#include "gpu/sampler.h"
#include "policy/config_holder.h"
#include "store/store.h"

namespace ds01::daemon {

class ChangeFeed;

/// What the API's routes answer from.
struct ApiDeps {
  core::ContainerService& service;
  store::Store& store;
  core::ContainerEngine& engine;
  core::ExecEngine& exec;
  core::AccountWriter& accounts;  // the owner's account in each running container
  core::ImageEngine& images;      // the same engine, seen through its image endpoints
  core::ImageBuilder& builder;    // users' project builds
  const Authoriser& authoriser;
  const policy::ConfigHolder& config;
  core::LimitsFor limits;  // a user's effective limits, clamped to the host
  const gpu::Inventory& inventory;
  const Clock& clock;
  EngineCalls& engine_calls;                 // where routes that wait on the engine run
  const gpu::GpuSampler* sampler = nullptr;  // null: GPU usage is not known
  ChangeFeed* feed = nullptr;                // null: no /v1/events
};

}  // namespace ds01::daemon
